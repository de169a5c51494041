from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError

from zoomstack.hub.db import Database, Recording, User, open_database
from zoomstack.hub.db.migrate import upgrade
from zoomstack.hub.db.session import async_url

pytestmark = pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
async def db(hub_db: tuple[str, str]) -> AsyncIterator[Database]:
    url, schema = hub_db
    database = open_database(url, schema=schema)
    await upgrade(database)
    try:
        yield database
    finally:
        await database.close()


async def add_user(db: Database, email: str = "a@example.com") -> User:
    async with db.sessions() as session:
        user = User(email=email, password_hash="x")
        session.add(user)
        await session.commit()
        return user


async def test_datetimes_come_back_aware_and_in_utc(db: Database) -> None:
    user = await add_user(db)
    plus_two = timezone(timedelta(hours=2))
    moment = datetime(2025, 3, 1, 12, 0, tzinfo=plus_two)
    async with db.sessions() as session:
        session.add(
            Recording(
                recording_id="r1",
                user_id=user.id,
                file_name="a.mp4",
                file_type="MP4",
                created_at=moment,
            )
        )
        await session.commit()
    async with db.sessions() as session:
        row = await session.get(Recording, "r1")
        assert row is not None
        assert row.created_at == moment and row.created_at.tzinfo == UTC
        assert row.processing_status == "pending" and row.action_items is None


async def test_naive_datetimes_are_refused(db: Database) -> None:
    user = await add_user(db)
    async with db.sessions() as session:
        session.add(
            Recording(
                user_id=user.id, file_name="a", file_type="MP4", created_at=datetime(2025, 1, 1)
            )
        )
        with pytest.raises(Exception, match="naive datetime"):
            await session.commit()


async def test_action_items_json_round_trips(db: Database) -> None:
    user = await add_user(db)
    items = [{"owner": "Ann", "task": "Ship", "due": "2025-05-01", "tags": ["a", 1, None]}]
    async with db.sessions() as session:
        session.add(
            Recording(
                recording_id="r2",
                user_id=user.id,
                file_name="a",
                file_type="VTT",
                action_items=items,
            )
        )
        await session.commit()
    async with db.sessions() as session:
        row = await session.get(Recording, "r2")
        assert row is not None and row.action_items == items


async def test_one_external_id_per_user(db: Database) -> None:
    user = await add_user(db)
    other = await add_user(db, "b@example.com")
    async with db.sessions() as session:
        for owner in (user, other):
            session.add(
                Recording(
                    user_id=owner.id, external_id="zoom-file-1", file_name="a", file_type="MP4"
                )
            )
        await session.commit()
        session.add(
            Recording(user_id=user.id, external_id="zoom-file-1", file_name="b", file_type="MP4")
        )
        with pytest.raises(IntegrityError):
            await session.commit()


async def test_deleting_a_user_deletes_their_rows(db: Database) -> None:
    user = await add_user(db)
    async with db.sessions() as session:
        session.add(Recording(recording_id="r3", user_id=user.id, file_name="a", file_type="MP4"))
        await session.commit()
        await session.delete(await session.get(User, user.id))
        await session.commit()
        session.expunge_all()
        assert await session.get(Recording, "r3") is None


def test_async_url_picks_the_async_driver(hub_db: tuple[str, str]) -> None:
    assert async_url("sqlite:///x.db") == "sqlite+aiosqlite:///x.db"
    assert async_url("postgresql://u:p@h/db") == "postgresql+asyncpg://u:p@h/db"
    with pytest.raises(ValueError, match="unsupported database"):
        async_url("mysql://h/db")
