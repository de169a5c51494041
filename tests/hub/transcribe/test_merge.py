"""Two hub processes that end a meeting's last participant files at the same moment
merge its transcript once and announce it once (so its insights are made once)."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from zoomstack.hub.db.models import Recording, User
from zoomstack.hub.db.sync_models import SyncItem
from zoomstack.hub.db.transcription_models import Transcription, TranscriptionChunk
from zoomstack.hub.events import TRANSCRIPT_STORED, HubEvent
from zoomstack.hub.intel.vtt import parse_vtt
from zoomstack.hub.state import Hub
from zoomstack.hub.transcribe.job import TranscribeJob

SPOKEN = {"Alice": (0.5, 2.0, "shall we start"), "Bob": (2.5, 4.0, "yes let us begin")}


async def participants_transcribed(hub: Hub) -> list[Recording]:
    """What the sync and the transcription leave once each participant's file is done."""
    async with hub.db.sessions() as session:
        user = User(email="merge@example.com", password_hash="-")
        session.add(user)
        await session.flush()
        files = [f"file-{name}" for name in SPOKEN]
        audio = []
        for (name, (start, end, text)), external_id in zip(SPOKEN.items(), files, strict=True):
            recording = Recording(
                user_id=user.id, source="cloud", external_id=external_id, meeting_id="851",
                meeting_uuid="uuid-851", meeting_title="Kick-off", file_name=f"{name}.m4a",
                file_type="M4A", speaker=name,
            )  # fmt: skip
            session.add(recording)
            await session.flush()
            details = {"participant_files": files}
            session.add(
                SyncItem(user_id=user.id, source="cloud", external_id=external_id, details=details)
            )
            row = Transcription(user_id=user.id, recording_id=recording.recording_id, status="done")
            session.add(row)
            await session.flush()
            session.add(
                TranscriptionChunk(
                    transcription_id=row.id, index=0, start_seconds=0.0, end_seconds=5.0,
                    end_sample=80_000, cues=[[start, end, name, text]],
                )
            )  # fmt: skip
            audio.append(recording)
        await session.commit()
    return audio


@pytest.mark.usefixtures("hub_client")
@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_merging_at_once_in_two_workers_stores_and_announces_one_transcript(
    hub_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub: Hub = hub_app.state.hub
    announced: list[HubEvent] = []

    async def publish(event: HubEvent) -> None:
        announced.append(event)

    monkeypatch.setattr(hub.events, "publish", publish)
    alice, bob = await participants_transcribed(hub)
    workers = [TranscribeJob(hub, hub_app.state.realtime) for _ in range(2)]
    await asyncio.gather(workers[0]._merge_participants(alice), workers[1]._merge_participants(bob))
    stored = [e for e in announced if e.name == TRANSCRIPT_STORED]
    assert len(stored) == 1
    async with hub.db.sessions() as session:
        transcripts = list(
            await session.scalars(select(Recording).where(Recording.file_type == "TRANSCRIPT"))
        )
        linked = set(await session.scalars(select(Transcription.transcript_id)))
    assert [t.recording_id for t in transcripts] == [stored[0].data["recording_id"]]
    assert linked == {transcripts[0].recording_id}
    body = b"".join([c async for c in hub.storage.open(transcripts[0].storage_key)]).decode()
    cues = parse_vtt(body).cues
    assert [(c.speaker, c.text) for c in cues] == [(n, t) for n, (_, _, t) in SPOKEN.items()]

    # Merging again (a worker that was late) stores the same and announces nothing.
    await workers[0]._merge_participants(alice)
    assert len([e for e in announced if e.name == TRANSCRIPT_STORED]) == 1
