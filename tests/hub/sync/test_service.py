"""End to end: a seeded emulator, a hub connected with its S2S app, runs of the sync."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import BASE
from tests.hub.sync.conftest import (
    CloudFile,
    assert_mirrors,
    bounded,
    finish,
    hub_settings_for,
    recordings,
    running_hub,
    start_sync,
    stored_keys,
    sync_once,
    until_listed,
)
from tests.hub.sync.faults import FaultyZoom
from zoomstack.config import HubSettings
from zoomstack.emulator.state import Emulator
from zoomstack.hub.events import RECORDING_STORED, TRANSCRIPT_STORED, HubEvent
from zoomstack.hub.sync import items


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_sync_stores_every_cloud_file_once_and_a_second_sync_nothing(
    cloud: list[CloudFile], sync_settings: HubSettings, zoom_app: Starlette
) -> None:
    transport = httpx.ASGITransport(app=zoom_app)
    async with running_hub(sync_settings, transport) as background:
        first = await sync_once(background)
        await assert_mirrors(background.hub, cloud)
        before = [
            (r.recording_id, r.storage_key, r.updated_at) for r in await recordings(background.hub)
        ]
        second = await sync_once(background)
        after = [
            (r.recording_id, r.storage_key, r.updated_at) for r in await recordings(background.hub)
        ]
        run = await background.sync.run(second)
        assert (run.files_found, run.files_queued) == (len(cloud), 0)
        assert after == before
        assert (await background.sync.run(first)).files_queued == len(cloud)
        await assert_mirrors(background.hub, cloud)


async def test_a_run_that_meets_a_file_being_fetched_ends_once_that_file_is_stored(
    cloud: list[CloudFile], sync_settings: HubSettings, zoom_app: Starlette
) -> None:
    target = next(f for f in cloud if f.file_type == "MP4")
    faulty = FaultyZoom(httpx.ASGITransport(app=zoom_app), target.id, "stall")
    async with running_hub(sync_settings, faulty) as background:
        first = await start_sync(background)
        await bounded(faulty.stalled)
        await until_listed(background, first.id)
        second = await start_sync(background)
        await until_listed(background, second.id)  # it found the file half fetched: it waits
        faulty.resume.set()
        assert (await finish(background, second.id)).status == "done"
        assert (await finish(background, first.id)).status == "done"
        await assert_mirrors(background.hub, cloud)
    assert faulty.ranges == [None]


async def test_transcripts_keep_their_text_and_events_are_published(
    cloud: list[CloudFile], sync_settings: HubSettings, zoom_app: Starlette
) -> None:
    events: list[HubEvent] = []

    async def listen(event: HubEvent) -> None:
        events.append(event)

    async with running_hub(sync_settings, httpx.ASGITransport(app=zoom_app)) as background:
        background.hub.events.subscribe(listen)
        await sync_once(background)
        rows = {r.external_id: r for r in await recordings(background.hub)}
    transcripts = [f for f in cloud if f.file_type == "TRANSCRIPT"]
    assert len(transcripts) == 3
    for file in transcripts:
        text = rows[file.id].transcription_text
        assert text and text.count("\n") >= 1
        first_cue = file.data.decode().split("\n\n")[1].splitlines()[2]
        assert first_cue.split(": ", 1)[1][:20] in text
    assert all(rows[f.id].transcription_text is None for f in cloud if f.file_type == "MP4")
    stored = sorted(e.data["external_id"] for e in events if e.name == RECORDING_STORED)
    assert stored == sorted(f.id for f in cloud)
    spoken = sorted(e.data["external_id"] for e in events if e.name == TRANSCRIPT_STORED)
    assert spoken == sorted(f.id for f in transcripts)


async def test_sync_to_s3(
    cloud: list[CloudFile],
    emulator: Emulator,
    zoom_app: Starlette,
    s3_endpoint: str,
    s3_bucket: str,
    tmp_path: Path,
) -> None:
    settings = hub_settings_for(
        emulator, (f"sqlite:///{tmp_path / 'hub.sqlite3'}", ""), tmp_path,
        storage_url=f"s3://{s3_bucket}/zoom", s3_endpoint=s3_endpoint,
        s3_access_key_id="testing", s3_secret_access_key="testing",
    )  # fmt: skip
    async with running_hub(settings, httpx.ASGITransport(app=zoom_app)) as background:
        assert background.hub.storage.kind == "s3"
        await sync_once(background)
        await assert_mirrors(background.hub, cloud)
        run = await background.sync.run(await sync_once(background))
        assert run.files_queued == 0
        assert len(await stored_keys(background.hub)) == len(cloud)


async def test_jobs_on_redis(
    cloud: list[CloudFile], emulator: Emulator, zoom_app: Starlette, hub_db: tuple[str, str],
    tmp_path: Path,
) -> None:  # fmt: skip
    settings = hub_settings_for(emulator, hub_db, tmp_path, jobs_url="redis://127.0.0.1:6379/6")
    async with running_hub(settings, httpx.ASGITransport(app=zoom_app)) as background:
        assert not background.engine.in_process
        await sync_once(background)
        await assert_mirrors(background.hub, cloud)


async def test_a_listing_that_fails_fails_the_run_with_the_reason(
    cloud: list[CloudFile], sync_settings: HubSettings
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"code": 300, "message": "Invalid date range."})

    async with running_hub(sync_settings, httpx.MockTransport(refuse)) as background:
        owner = await background.sync.owner_id()
        run = await background.sync.start_run(user_id=owner, start=cloud_day(), end=cloud_day())
        finished = await finish(background, run.id)
        assert finished.status == "failed"
        assert finished.error and "Invalid date range" in finished.error
        async with background.hub.db.sessions() as session:
            assert (await items.status_counts(session, user_id=owner))["pending"] == 0


def cloud_day() -> date:
    return datetime.now(UTC).date()


async def test_a_periodic_sync_stores_each_participants_audio_file_with_their_name(
    sync_settings: HubSettings, zoom_app: Starlette, auth: dict[str, str]
) -> None:
    """Recording lists leave participant files out (they count them only): the sync
    asks for the meeting whole."""
    transport = httpx.ASGITransport(app=zoom_app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=auth) as http:
        made = await http.post("/v2/users/me/meetings", json={"topic": "Sync", "type": 2})
        body = {"participants": 3, "duration": 2, "seed": 5, "participant_audio": True}
        ran = await http.post(f"/_emulator/meetings/{made.json()['id']}/simulate", json=body)
        separate = {f["id"]: f for f in ran.json()["recording"]["participant_audio_files"]}
    async with running_hub(sync_settings, transport) as background:
        await sync_once(background)
        rows = {r.external_id: r for r in await recordings(background.hub)}
    assert len(separate) >= 2 and set(separate) <= set(rows)
    for file_id, file in separate.items():
        row = rows[file_id]
        assert row.speaker == file["file_name"] and file["file_name"] in row.file_name
        assert (row.file_type, row.content_type, row.file_size) == (
            "M4A", "audio/mp4", file["file_size"],
        )  # fmt: skip
    assert all(r.speaker is None for r in rows.values() if r.external_id not in separate)
