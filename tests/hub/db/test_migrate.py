from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from zoomstack.hub.db import Base, Database, migrate, open_database
from zoomstack.hub.db.migrate import (
    current_revision,
    downgrade,
    head_revision,
    shipped_head,
    stored_revision,
    upgrade,
    upgrade_if_behind,
)

pytestmark = pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
async def db(hub_db: tuple[str, str]) -> AsyncIterator[Database]:
    url, schema = hub_db
    database = open_database(url, schema=schema)
    try:
        yield database
    finally:
        await database.close()


def _diff(conn: Connection) -> list[object]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


async def test_upgrade_from_empty_reaches_head_and_matches_the_models(db: Database) -> None:
    assert await current_revision(db) is None
    await upgrade(db)
    assert await current_revision(db) == head_revision() == "0006"
    async with db.engine.connect() as conn:
        assert await conn.run_sync(_diff) == []
        tables = await conn.run_sync(_tables)
    assert {"users", "api_tokens", "recordings", "zoom_tokens", "alembic_version"} <= tables
    assert {"sync_runs", "sync_items"} <= tables
    assert {"meetings", "meeting_insights", "oauth_states", "webhook_events"} <= tables
    assert {"calendar_feeds", "calendar_events"} <= tables
    assert {"transcriptions", "transcription_chunks"} <= tables


async def test_upgrade_twice_is_a_no_op_and_keeps_rows(db: Database) -> None:
    await upgrade(db)
    async with db.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO users (id, email, full_name, password_hash, is_active, created_at,"
                " updated_at) VALUES ('u1', 'a@b.c', '', 'x', true, :now, :now)"
            ),
            {"now": datetime(2025, 1, 1, tzinfo=UTC)},
        )
    await upgrade(db)
    async with db.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM users"))).scalar() == 1


async def test_downgrade_to_base_and_up_again(db: Database) -> None:
    await upgrade(db)
    await downgrade(db, "base")
    assert await current_revision(db) is None
    async with db.engine.connect() as conn:
        assert "recordings" not in await conn.run_sync(_tables)
    await upgrade(db)
    assert await current_revision(db) == head_revision()


async def test_the_head_read_from_the_migration_files_is_alembics(db: Database) -> None:
    assert shipped_head() == head_revision()


async def test_upgrade_if_behind_migrates_a_new_database_then_leaves_one_at_head_alone(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await stored_revision(db) is None
    await upgrade_if_behind(db)
    assert await stored_revision(db) == await current_revision(db) == head_revision()

    async def refused(db: Database, revision: str = "head") -> None:
        raise AssertionError("a database at head was migrated again")

    monkeypatch.setattr(migrate, "upgrade", refused)
    await upgrade_if_behind(db)


async def test_upgrade_if_behind_migrates_a_database_a_revision_behind(db: Database) -> None:
    await upgrade(db)
    await downgrade(db, "-1")
    assert await stored_revision(db) != head_revision()
    await upgrade_if_behind(db)
    assert await stored_revision(db) == head_revision()
