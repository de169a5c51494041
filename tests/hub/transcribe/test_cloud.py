"""A cloud meeting Zoom has no transcript of: its spoken audio is synced, transcribed by
the hub, and the meeting gets its insights from that transcript; a meeting with Zoom's
own transcript is not transcribed again."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from tests.hub.transcribe.test_job import word_error_rate
from tests.hub.zoomed import WAIT_SECONDS, Zoomed
from tests.hub.zoomed import zoomed as zoomed
from tests.hub.zoomed import zoomed_settings_extra as zoomed_settings_extra
from zoomstack.emulator.generate import from_recipe
from zoomstack.emulator.resources.recording_shapes import CONTENT
from zoomstack.hub.db.transcription_models import Transcription


async def spoken_words(zoomed: Zoomed, uuid: str) -> str:
    content = await zoomed.emulator.store.get(CONTENT, uuid)
    assert content is not None
    return " ".join(u.text for u in from_recipe(content.body["recipe"]).utterances)


async def statuses(zoomed: Zoomed) -> dict[str, Any]:
    async with zoomed.hub.db.sessions() as session:
        rows = await session.scalars(select(Transcription))
        return {row.recording_id: (row.status, row.error) for row in rows}


async def statuses_of_both(zoomed: Zoomed) -> dict[str, Any]:
    """The transcription rows once both media files (MP4, M4A) have one."""
    for _ in range(int(WAIT_SECONDS / 0.05)):
        found = await statuses(zoomed)
        if len(found) >= 2:
            return found
        await asyncio.sleep(0.05)
    raise TimeoutError("no transcription decision for both media files")


@pytest.mark.slow
async def test_a_meeting_without_zooms_transcript_is_transcribed_and_summarized(
    zoomed: Zoomed,
) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    meeting, report = await zoomed.held(
        alice, participants=3, duration=1, seed=4, media="speech", transcript=False
    )
    listed = await zoomed.client.get(
        "/recordings", params={"meeting_id": str(meeting["id"])}, headers=alice
    )
    rows = {row["file_type"]: row for row in listed.json()["recordings"]}
    vtt = rows["TRANSCRIPT"]
    assert vtt["summary"] and vtt["source"] == "cloud"
    said = await spoken_words(zoomed, report["uuid"])
    assert word_error_rate(said, vtt["transcription_text"]) <= 0.35
    found = await statuses(zoomed)
    assert found[rows["M4A"]["recording_id"]][0] == "done"
    assert found[rows["MP4"]["recording_id"]] == (
        "skipped", "the meeting's audio-only file is transcribed instead",
    )  # fmt: skip


async def test_a_meeting_with_zooms_transcript_is_not_transcribed(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    await zoomed.held(alice, participants=3, duration=1, seed=4)
    found = await statuses_of_both(zoomed)  # decided just after each file is stored
    assert {status for status, _ in found.values()} == {"skipped"}
