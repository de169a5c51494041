"""Transcription jobs: a spoken clip in, its words out as a transcript with insights;
progress on the recording, a broken or silent file failed with the reason, resuming."""

from __future__ import annotations

import asyncio
import io
import shutil
from pathlib import Path
from typing import Any

import av
import httpx
import jiwer
import numpy as np
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from tests.hub.transcribe.conftest import SCRIPT_TEXT
from zoomstack.config import HubSettings
from zoomstack.hub.db.transcription_models import Transcription, TranscriptionChunk
from zoomstack.hub.intel.vtt import parse_vtt
from zoomstack.hub.state import Hub

ZOOM_FOLDER = "2024-05-01 14.30.00 Planning 81234567890"
NORMAL = jiwer.Compose(
    [jiwer.ToLowerCase(), jiwer.RemovePunctuation(), jiwer.RemoveMultipleSpaces(),  # type: ignore[no-untyped-call]
     jiwer.Strip(), jiwer.ReduceToListOfListOfWords()]
)  # fmt: skip


def word_error_rate(reference: str, hypothesis: str) -> float:
    return float(
        jiwer.wer(reference, hypothesis, reference_transform=NORMAL, hypothesis_transform=NORMAL)
    )


def demo_headers(settings: HubSettings) -> dict[str, str]:
    return {"X-API-Key": settings.demo_api_key.get_secret_value()}


async def wait_for(
    client: httpx.AsyncClient, headers: dict[str, str], path: str, done: Any, seconds: float = 120
) -> Any:
    """Poll `path` until `done(body)` holds; that body."""
    async with asyncio.timeout(seconds):
        while True:
            got = await client.get(path, headers=headers)
            assert got.status_code == 200, got.text
            if done(got.json()):
                return got.json()
            await asyncio.sleep(0.1)


def transcripts(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in body["recordings"] if r["file_type"] == "TRANSCRIPT"]


async def upload(
    client: httpx.AsyncClient, headers: dict[str, str], name: str, data: bytes
) -> dict[str, Any]:
    files = {"file": (name, data, "audio/mp4")}
    made = await client.post("/upload/recording", files=files, headers=headers)
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


@pytest.mark.slow
async def test_a_spoken_clip_dropped_in_the_watched_folder_becomes_a_transcript_with_insights(
    hub_client: httpx.AsyncClient, hub_settings: HubSettings, clip: Path
) -> None:
    headers = demo_headers(hub_settings)
    meeting = hub_settings.watch_path / ZOOM_FOLDER
    meeting.mkdir(parents=True)
    shutil.copy(clip, meeting / "audio1234567890.m4a")
    done = await wait_for(
        hub_client, headers, "/recordings",
        lambda body: any(r["action_items"] for r in transcripts(body)),
    )  # fmt: skip
    [vtt] = transcripts(done)
    assert word_error_rate(SCRIPT_TEXT, vtt["transcription_text"]) <= 0.25
    assert vtt["summary"] and vtt["source"] == "folder" and vtt["meeting_id"] == "81234567890"
    tasks = " ".join(item["task"] for item in vtt["action_items"]).lower()
    assert "payment tests" in tasks or "release notes" in tasks
    [audio] = [r for r in done["recordings"] if r["file_type"] == "M4A"]
    read = await hub_client.get(f"/recordings/{audio['recording_id']}", headers=headers)
    transcription = read.json()["transcription"]
    assert transcription["status"] == "done" and transcription["progress"] == 1.0
    assert transcription["transcript_id"] == vtt["recording_id"]
    assert read.json()["transcription_text"] == vtt["transcription_text"]
    stored = await hub_client.get(f"/recordings/{vtt['recording_id']}/download", headers=headers)
    file = await hub_client.get(stored.json()["url"])
    assert parse_vtt(file.text).cues[0].start >= 0.5  # timed cues, not one block


def silence(seconds: float) -> bytes:
    """An M4A of digital silence."""
    out = io.BytesIO()
    with av.open(out, "w", format="ipod") as container:
        stream = container.add_stream("aac", rate=16000, layout="mono")
        samples = np.zeros((1, int(seconds * 16000)), dtype=np.int16)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = 16000
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.m4a", b"\x00\x00\x00\x1cftypM4A " + bytes(range(256)) * 40, "cannot be read"),
        ("quiet.m4a", silence(4.0), "the audio is silent"),
    ],
)
async def test_a_broken_or_silent_file_fails_with_the_reason(
    hub_client: httpx.AsyncClient, hub_settings: HubSettings, name: str, data: bytes, reason: str
) -> None:
    headers = demo_headers(hub_settings)
    made = await upload(hub_client, headers, name, data)
    body = await wait_for(
        hub_client, headers, f"/recordings/{made['recording_id']}",
        lambda body: (body["transcription"] or {}).get("status") == "failed", seconds=60,
    )  # fmt: skip
    assert reason in body["transcription"]["error"] and body["processing_status"] == "failed"
    listed = await hub_client.get(
        "/recordings", params={"file_type": "TRANSCRIPT"}, headers=headers
    )
    assert listed.json()["recordings"] == []


@pytest.mark.slow
async def test_a_job_cut_short_goes_on_after_its_last_saved_chunk(
    hub_app: FastAPI, hub_client: httpx.AsyncClient, hub_settings: HubSettings, clip: Path
) -> None:
    hub: Hub = hub_app.state.hub
    hub.settings = hub.settings.model_copy(update={"transcribe_chunk_seconds": 8.0})
    headers = demo_headers(hub_settings)
    made = await upload(
        hub_client, headers, "planning.m4a", await asyncio.to_thread(clip.read_bytes)
    )
    path = f"/recordings/{made['recording_id']}"
    first = await wait_for(
        hub_client, headers, path, lambda b: (b["transcription"] or {}).get("status") == "done"
    )
    chunks = first["transcription"]["chunks_done"]
    assert chunks >= 3
    await _crash_after_two_chunks(hub, made["recording_id"])
    assert await hub_app.state.transcribe.reconcile() == 1
    again = await wait_for(
        hub_client, headers, path,
        lambda b: b["transcription"]["status"] == "done" and "kept chunk" in b["transcription_text"],
    )  # fmt: skip
    assert again["transcription"]["chunks_done"] == chunks
    assert word_error_rate(SCRIPT_TEXT, again["transcription_text"]) <= 0.4


async def _crash_after_two_chunks(hub: Hub, recording_id: str) -> None:
    """What a process dying during the third chunk leaves: two chunks, a lapsed lease.
    The first chunk's words are marked, to tell a kept chunk from one done again."""
    async with hub.db.sessions() as session:
        row = await session.scalar(
            select(Transcription).where(Transcription.recording_id == recording_id)
        )
        assert row is not None
        for chunk in await session.scalars(
            select(TranscriptionChunk).where(TranscriptionChunk.transcription_id == row.id)
        ):
            if chunk.index >= 2:
                await session.delete(chunk)
            elif chunk.index == 0:
                chunk.cues = [[0.5, 1.5, "", "kept chunk"]]
        await session.execute(
            update(Transcription)
            .where(Transcription.id == row.id)
            .values(status="running", chunks_done=2, lease_until=row.created_at)
        )
        await session.commit()


async def test_asking_again_for_a_recording_without_audio_is_refused(
    hub_client: httpx.AsyncClient, hub_settings: HubSettings
) -> None:
    headers = demo_headers(hub_settings)
    files = {"file": ("notes.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi.\n", "text/vtt")}
    made = await hub_client.post("/upload/recording", files=files, headers=headers)
    again = await hub_client.post(
        f"/recordings/{made.json()['recording_id']}/transcribe", headers=headers
    )
    assert again.status_code == 422 and "no audio" in again.text
