"""Files that go wrong mid-way: cut, failed, cancelled, short, stored wrong."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from tests.hub.sync.conftest import (
    CloudFile,
    assert_mirrors,
    bounded,
    recordings,
    running_hub,
    start_sync,
    stored_keys,
    sync_once,
)
from tests.hub.sync.faults import FaultyStorage, FaultyZoom
from zoomstack.config import HubSettings
from zoomstack.hub.db.sync_models import SyncItem
from zoomstack.hub.state import Hub
from zoomstack.hub.sync import default_window, items
from zoomstack.hub.sync.cloud import list_files as cloud_files
from zoomstack.hub.sync.fetch import backoff


def mp4(cloud: list[CloudFile]) -> CloudFile:
    return next(f for f in cloud if f.file_type == "MP4")


async def item_of(hub: Hub, external_id: str) -> SyncItem:
    async with hub.db.sessions() as session:
        item = await session.scalar(select(SyncItem).where(SyncItem.external_id == external_id))
    assert item is not None
    return item


async def test_a_network_cut_mid_file_resumes_from_where_it_stopped(
    cloud: list[CloudFile], sync_settings: HubSettings, zoom_app: Starlette
) -> None:
    target = mp4(cloud)
    faulty = FaultyZoom(httpx.ASGITransport(app=zoom_app), target.id, "cut")
    async with running_hub(sync_settings, faulty) as background:
        await sync_once(background)
        await assert_mirrors(background.hub, cloud)
        item = await item_of(background.hub, target.id)
    assert faulty.ranges == [None, f"bytes={len(target.data) // 2}-"]
    assert (item.status, item.attempts) == ("done", 1)


async def test_an_error_mid_file_is_retried_and_leaves_nothing_behind(
    cloud: list[CloudFile], sync_settings: HubSettings, zoom_app: Starlette
) -> None:
    target = mp4(cloud)
    faulty = FaultyZoom(httpx.ASGITransport(app=zoom_app), target.id, "boom")
    async with running_hub(sync_settings, faulty) as background:
        await sync_once(background)
        await assert_mirrors(background.hub, cloud)
        item = await item_of(background.hub, target.id)
    assert (item.status, item.attempts, item.last_error) == ("done", 2, None)
    assert faulty.ranges == [None, None]


async def test_stopped_mid_file_then_restarted_loses_and_duplicates_nothing(
    cloud: list[CloudFile], sync_settings: HubSettings, zoom_app: Starlette
) -> None:
    target = mp4(cloud)
    faulty = FaultyZoom(httpx.ASGITransport(app=zoom_app), target.id, "stall")
    async with running_hub(sync_settings, faulty) as background:
        await start_sync(background)
        await bounded(faulty.stalled)
    async with running_hub(sync_settings, httpx.ASGITransport(app=zoom_app)) as background:
        async with background.hub.db.sessions() as session:
            claimed = await session.scalar(select(func.count()).where(SyncItem.status == "running"))
        handed_back = await item_of(background.hub, target.id)
        assert (handed_back.status, handed_back.attempts) == ("pending", 0)
        assert claimed == 0  # whatever the stop interrupted, its claims were handed back
        await sync_once(background)
        await assert_mirrors(background.hub, cloud)
        assert (await item_of(background.hub, target.id)).status == "done"


async def test_a_claim_no_job_got_to_work_on_is_handed_back_when_the_hub_stops(
    cloud: list[CloudFile], sync_settings: HubSettings, zoom_app: Starlette
) -> None:
    target = mp4(cloud)
    async with running_hub(sync_settings, httpx.ASGITransport(app=zoom_app)) as background:
        assert background.zoom is not None
        owner = await background.sync.owner_id()
        start, end = default_window(90)
        found = [f async for f in cloud_files(background.zoom, start=start, end=end)]
        async with background.hub.db.sessions() as session:
            item = await items.add_item(
                session, user_id=owner, found=next(f for f in found if f.external_id == target.id)
            )
            assert item is not None
            # What a fetch job cancelled by the stop right after its claim committed leaves.
            worker, lease = background.sync.ctx.worker, timedelta(hours=1)
            assert await items.claim(session, item_id=item.id, worker=worker, lease=lease)
    async with running_hub(sync_settings, httpx.ASGITransport(app=zoom_app)) as background:
        handed_back = await item_of(background.hub, target.id)
        assert (handed_back.status, handed_back.attempts) == ("pending", 0)
        await sync_once(background)
        await assert_mirrors(background.hub, cloud)


async def test_a_file_of_the_wrong_size_is_retried_then_failed_with_the_reason(
    cloud: list[CloudFile], sync_settings: HubSettings, zoom_app: Starlette
) -> None:
    target = mp4(cloud)
    faulty = FaultyZoom(httpx.ASGITransport(app=zoom_app), target.id, "short")
    async with running_hub(sync_settings, faulty) as background:
        await sync_once(background)
        item = await item_of(background.hub, target.id)
        stored = {r.external_id for r in await recordings(background.hub)}
        keys = await stored_keys(background.hub)
    size = len(target.data)
    assert (item.status, item.attempts) == ("failed", sync_settings.sync_max_attempts)
    assert item.last_error == f"size mismatch: expected {size} bytes, got {size - 10}"
    assert len(faulty.ranges) == sync_settings.sync_max_attempts
    assert stored == {f.id for f in cloud} - {target.id}
    assert len(keys) == len(stored)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("flip", "checksum mismatch: sent crc32 "),
        ("short", "size mismatch: expected {size} bytes, stored {short}"),
    ],
)
async def test_a_file_stored_wrong_is_retried_then_failed_and_not_recorded(
    fault: str,
    reason: str,
    cloud: list[CloudFile],
    sync_settings: HubSettings,
    zoom_app: Starlette,
) -> None:
    transcript = next(f for f in cloud if f.file_type == "TRANSCRIPT")
    async with running_hub(sync_settings, httpx.ASGITransport(app=zoom_app)) as background:
        hub = background.hub
        marker = "Design review 0 audio_transcript"
        hub.storage = FaultyStorage(hub.storage, marker=marker, fault=fault)
        await sync_once(background)
        item = await item_of(hub, transcript.id)
        stored = {r.external_id for r in await recordings(hub)}
        keys = await stored_keys(hub)
    assert (item.status, item.attempts) == ("failed", sync_settings.sync_max_attempts)
    size = len(transcript.data)
    assert item.last_error
    assert item.last_error.startswith(reason.format(size=size, short=size - 1))
    failed = {f.id for f in cloud if f.file_type == "TRANSCRIPT" and f.topic == "Design review 0"}
    assert failed == {transcript.id}
    assert stored == {f.id for f in cloud} - failed
    assert len(keys) == len(stored)


def test_backoff_doubles_from_the_first_wait_up_to_an_hour() -> None:
    assert [backoff(n, 5.0) for n in (1, 2, 3, 4)] == [5.0, 10.0, 20.0, 40.0]
    assert backoff(30, 5.0) == 3600.0
