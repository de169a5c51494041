from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.hub.conftest import MakeUser
from tests.hub.recordings.media import mp4
from zoomstack.hub.db.models import Recording, User
from zoomstack.hub.errors import NotFound
from zoomstack.hub.recordings.service import (
    RecordingInfo,
    find_recording,
    get_recording,
    ingest_recording,
    update_recording,
)
from zoomstack.hub.state import Hub
from zoomstack.hub.storage import ObjectNotFound


async def chunks(data: bytes, size: int = 4096) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def cloud_file(external_id: str = "zoom-file-1") -> RecordingInfo:
    return RecordingInfo(
        file_name="meeting.mp4",
        file_type="MP4",
        content_type="video/mp4",
        source="cloud",
        external_id=external_id,
        meeting_id="85746065432",
        meeting_uuid="aDYlohsHRtCd4ii1uC2+hA==",
        meeting_title="Weekly sync",
        file_url="https://zoom.example/rec/download/abc",
    )


async def owner(hub: Hub, make_user: MakeUser) -> str:
    await make_user("sync@example.com")
    async with hub.db.sessions() as session:
        user = await session.scalar(select(User))
    assert user is not None
    user_id: str = user.id
    return user_id


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_ingest_stores_the_file_and_the_row(hub: Hub, make_user: MakeUser) -> None:
    user_id = await owner(hub, make_user)
    async with hub.db.sessions() as session:
        recording = await ingest_recording(
            session, hub.storage, user_id=user_id, info=cloud_file(), chunks=chunks(mp4(50_000))
        )
        assert recording.file_size == 50_000 and recording.processing_status == "stored"
        found = await find_recording(session, user_id=user_id, external_id="zoom-file-1")
        assert found is not None and found.recording_id == recording.recording_id
    stored = b"".join([chunk async for chunk in hub.storage.open(recording.storage_key)])
    assert stored == mp4(50_000)


async def test_ingesting_the_same_external_id_replaces_the_file_not_the_row(
    hub: Hub, make_user: MakeUser
) -> None:
    user_id = await owner(hub, make_user)
    async with hub.db.sessions() as session:
        first = await ingest_recording(
            session, hub.storage, user_id=user_id, info=cloud_file(), chunks=chunks(mp4(1000))
        )
        old_key = first.storage_key
        second = await ingest_recording(
            session, hub.storage, user_id=user_id, info=cloud_file(), chunks=chunks(mp4(2000, 3))
        )
        rows = list(await session.scalars(select(Recording)))
    assert second.recording_id == first.recording_id and len(rows) == 1
    assert second.file_size == 2000 and second.storage_key != old_key
    with pytest.raises(ObjectNotFound):
        await hub.storage.head(old_key)


async def test_a_failed_download_keeps_the_old_file_and_row(hub: Hub, make_user: MakeUser) -> None:
    user_id = await owner(hub, make_user)

    async def broken() -> AsyncIterator[bytes]:
        yield b"partial"
        raise ConnectionError("zoom closed the connection")

    async with hub.db.sessions() as session:
        first = await ingest_recording(
            session, hub.storage, user_id=user_id, info=cloud_file(), chunks=chunks(mp4(1000))
        )
        with pytest.raises(ConnectionError):
            await ingest_recording(
                session, hub.storage, user_id=user_id, info=cloud_file(), chunks=broken()
            )
        kept = await get_recording(session, user_id=user_id, recording_id=first.recording_id)
    assert kept.file_size == 1000
    assert (await hub.storage.head(kept.storage_key)).size == 1000


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_a_failed_row_write_removes_the_new_file(hub: Hub) -> None:
    async with hub.db.sessions() as session:
        with pytest.raises(IntegrityError):  # no such user: the foreign key refuses the row
            await ingest_recording(
                session,
                hub.storage,
                user_id="no-such-user",
                info=cloud_file(),
                chunks=chunks(mp4(100)),
            )
        assert list(await session.scalars(select(Recording))) == []
    root = hub.settings.data_dir / "storage"
    assert list(root.rglob("*.mp4")) == []


async def test_update_refuses_fields_that_are_not_derived(hub: Hub, make_user: MakeUser) -> None:
    user_id = await owner(hub, make_user)
    async with hub.db.sessions() as session:
        recording = await ingest_recording(
            session, hub.storage, user_id=user_id, info=cloud_file(), chunks=chunks(mp4(100))
        )
        with pytest.raises(ValueError, match="storage_key"):
            await update_recording(
                session,
                user_id=user_id,
                recording_id=recording.recording_id,
                changes={"storage_key": "../../elsewhere"},
            )
        with pytest.raises(NotFound):
            await update_recording(
                session, user_id="someone-else", recording_id=recording.recording_id, changes={}
            )
