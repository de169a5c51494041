"""The intel job on a stored transcript: insights kept, the recording updated, the user
told; a transcript it cannot read fails with the reason and can be run again."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from tests.hub.intel.conftest import DATA
from zoomstack.hub.db.base import new_id
from zoomstack.hub.db.meeting_models import MeetingInsight
from zoomstack.hub.db.models import Recording
from zoomstack.hub.events import RECORDING_STORED, TRANSCRIPT_STORED, HubEvent
from zoomstack.hub.insights import IntelService
from zoomstack.hub.insights import store as insights_store
from zoomstack.hub.realtime import Realtime
from zoomstack.hub.recordings.service import RecordingInfo, save_recording, storage_key
from zoomstack.hub.state import Hub

WAIT_SECONDS = 20.0


async def chunks(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def stored_file(
    hub: Hub, user_id: str, data: bytes, *, name: str = "standup.vtt", file_type: str = "TRANSCRIPT"
) -> Recording:
    recording_id = new_id()
    key = storage_key(user_id=user_id, recording_id=recording_id, file_name=name)
    stored = await hub.storage.put(key, chunks(data))
    info = RecordingInfo(
        file_name=name,
        file_type=file_type,
        meeting_id="555",
        meeting_uuid="inst==",
        meeting_start=dt.datetime(2024, 3, 6, 15, tzinfo=dt.UTC),
    )
    async with hub.db.sessions() as session:
        return await save_recording(
            session,
            hub.storage,
            user_id=user_id,
            recording_id=recording_id,
            info=info,
            stored=stored,
        )


async def me(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    user_id: str = (await client.get("/users/me", headers=headers)).json()["id"]
    return user_id


async def settled(hub: Hub, recording_id: str) -> MeetingInsight:
    async with asyncio.timeout(WAIT_SECONDS):
        while True:
            async with hub.db.sessions() as session:
                row = await session.scalar(
                    select(MeetingInsight).where(MeetingInsight.recording_id == recording_id)
                )
            if row is not None and row.status in ("done", "failed"):
                return row
            await asyncio.sleep(0.02)


async def test_a_transcript_gets_its_insights(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str], hub_app: FastAPI
) -> None:
    user_id = await me(hub_client, alice)
    recording = await stored_file(hub, user_id, (DATA / "standup.vtt").read_bytes())
    realtime: Realtime = hub_app.state.realtime
    event = HubEvent(TRANSCRIPT_STORED, user_id, {"recording_id": recording.recording_id})
    async with realtime.connect(user_id) as live:
        await hub.events.publish(event)
        heard = [await asyncio.wait_for(live.next(), WAIT_SECONDS) for _ in range(2)]
    assert [e.event for e in heard] == ["transcript.ready", "summary.ready"]
    assert heard[1].data["meeting_id"] == "555"
    row = await settled(hub, recording.recording_id)
    assert row.status == "done" and row.insights is not None
    dues = {item["due_date"] for item in row.insights["action_items"]}
    assert "2024-03-08" in dues  # "by Friday", read from the meeting's day
    async with hub.db.sessions() as session:
        kept = await session.get(Recording, recording.recording_id)
    assert kept is not None and kept.processing_status == "processed"
    assert kept.summary and kept.action_items == row.insights["action_items"]
    answer = await hub_client.get("/meetings/555/insights", headers=alice)
    assert answer.json()["insights"] == row.insights


async def test_an_unreadable_transcript_fails_with_the_reason(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str], hub_app: FastAPI
) -> None:
    user_id = await me(hub_client, alice)
    recording = await stored_file(hub, user_id, b"Alice: this is not WebVTT\n")
    intel: IntelService = hub_app.state.intel
    await intel.request(recording)
    row = await settled(hub, recording.recording_id)
    assert row.status == "failed" and "not a WebVTT transcript" in (row.error or "")
    answer = (await hub_client.get("/meetings/555/insights", headers=alice)).json()
    assert (answer["status"], answer["insights"]) == ("failed", None)
    again = await hub_client.post("/meetings/555/insights", headers=alice)
    assert again.status_code == 202
    assert (await settled(hub, recording.recording_id)).attempts == 2


async def test_other_stored_files_start_no_job(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str]
) -> None:
    user_id = await me(hub_client, alice)
    video = await stored_file(hub, user_id, b"\x00" * 64, name="talk.mp4", file_type="MP4")
    for name in (RECORDING_STORED, TRANSCRIPT_STORED):
        await hub.events.publish(HubEvent(name, user_id, {"recording_id": video.recording_id}))
    async with hub.db.sessions() as session:
        assert await session.scalar(select(MeetingInsight)) is None


async def test_an_uploaded_transcript_gets_its_insights(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str], hub_app: FastAPI
) -> None:
    realtime: Realtime = hub_app.state.realtime
    vtt = (DATA / "standup.vtt").read_bytes()
    async with realtime.connect(await me(hub_client, alice)) as live:
        uploaded = await hub_client.post(
            "/upload/recording",
            headers=alice,
            files={"file": ("standup.vtt", vtt, "text/vtt")},
            data={"meeting_id": "777"},
        )
        assert uploaded.status_code == 201, uploaded.text
        heard = [await asyncio.wait_for(live.next(), WAIT_SECONDS) for _ in range(3)]
    assert [e.event for e in heard] == ["recording.ready", "transcript.ready", "summary.ready"]
    row = await settled(hub, uploaded.json()["recording_id"])
    assert row.status == "done" and row.meeting_id == "777"


async def test_lost_jobs_are_sent_again(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str], hub_app: FastAPI
) -> None:
    user_id = await me(hub_client, alice)
    waiting = await stored_file(hub, user_id, (DATA / "standup.vtt").read_bytes())
    busy = await stored_file(hub, user_id, (DATA / "standup.vtt").read_bytes(), name="b.vtt")
    async with hub.db.sessions() as session:
        await insights_store.request(session, recording=waiting)  # its job was never sent
        await insights_store.request(session, recording=busy)
        assert await insights_store.claim(session, recording_id=busy.recording_id)
    intel: IntelService = hub_app.state.intel
    assert await intel.reconcile(min_age=dt.timedelta(0)) == 1  # the running one is not lost
    assert (await settled(hub, waiting.recording_id)).status == "done"
    async with hub.db.sessions() as session:
        running = await session.scalar(
            select(MeetingInsight).where(MeetingInsight.recording_id == busy.recording_id)
        )
    assert running is not None and running.status == "running"
