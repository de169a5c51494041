"""A cloud meeting with an audio file of each participant and no transcript from Zoom:
each participant's file is transcribed and labelled with their name, the cues merged
into one transcript of the meeting, which gets its insights; the mixed files are not
transcribed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.hub.transcribe.test_cloud import statuses
from tests.hub.transcribe.test_job import word_error_rate
from tests.hub.zoomed import Zoomed
from tests.hub.zoomed import zoomed as zoomed
from tests.hub.zoomed import zoomed_settings_extra as zoomed_settings_extra
from zoomstack.emulator.generate import Script, from_recipe
from zoomstack.emulator.resources.recording_shapes import CONTENT
from zoomstack.hub.db.models import Recording
from zoomstack.hub.intel.vtt import parse_vtt

SEPARATE = "the participants' own audio files are transcribed instead"


async def script_of(zoomed: Zoomed, uuid: str) -> Script:
    content = await zoomed.emulator.store.get(CONTENT, uuid)
    assert content is not None
    return from_recipe(content.body["recipe"])


async def meeting_rows(
    zoomed: Zoomed, headers: dict[str, str], meeting_id: int, seconds: float = 240
) -> list[dict[str, Any]]:
    """The meeting's recordings once its transcript is stored and summarized."""
    async with asyncio.timeout(seconds):
        while True:
            listed = await zoomed.client.get(
                "/recordings", params={"meeting_id": str(meeting_id)}, headers=headers
            )
            rows: list[dict[str, Any]] = listed.json()["recordings"]
            if any(r["file_type"] == "TRANSCRIPT" and r["summary"] for r in rows):
                return rows
            await asyncio.sleep(0.2)


async def stored_text(zoomed: Zoomed, recording_id: str) -> str:
    async with zoomed.hub.db.sessions() as session:
        row = await session.get(Recording, recording_id)
    assert row is not None
    data = b"".join([chunk async for chunk in zoomed.hub.storage.open(row.storage_key)])
    return data.decode()


def attributed(script: Script, cues: list[tuple[float, float, str]]) -> float:
    """The share of cues whose speaker said the script line they overlap most."""
    right = 0
    for start, end, speaker in cues:
        line = max(script.utterances, key=lambda u: min(end, u.end) - max(start, u.start))
        right += line.speaker.name == speaker
    return right / len(cues)


@pytest.mark.slow
async def test_each_participants_file_is_transcribed_and_merged_into_one_transcript(
    zoomed: Zoomed,
) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    # Not `held`: the transcript comes after every participant's file is transcribed,
    # longer than it waits between events.
    await zoomed.subscribe()
    meeting = await zoomed.meeting(alice)
    report = await zoomed.simulate(
        meeting["id"], participants=3, duration=1, seed=4, media="speech", transcript=False,
        participant_audio=True,
    )  # fmt: skip
    separate = report["recording"]["participant_audio_files"]
    assert len(separate) >= 2
    rows = await meeting_rows(zoomed, alice, meeting["id"])
    transcripts = [r for r in rows if r["file_type"] == "TRANSCRIPT"]
    assert len(transcripts) == 1  # one transcript of the meeting, summarized once
    speakers = {r["speaker"]: r for r in rows if r["speaker"]}
    assert set(speakers) == {f["file_name"] for f in separate}
    found = await statuses(zoomed)
    for row in rows:
        if row["speaker"]:
            assert found[row["recording_id"]][0] == "done"
        elif row["file_type"] in ("M4A", "MP4"):
            assert found[row["recording_id"]] == ("skipped", SEPARATE)
    vtt_row = transcripts[0]
    cues = parse_vtt(await stored_text(zoomed, vtt_row["recording_id"])).cues
    script = await script_of(zoomed, report["uuid"])
    said = " ".join(u.text for u in script.utterances)
    heard = " ".join(cue.text for cue in cues)
    wer = word_error_rate(said, heard)
    share = attributed(script, [(c.start, c.end, c.speaker) for c in cues])
    print(f"participant files: WER {wer:.3f}, cues attributed {share:.1%} of {len(cues)}")
    assert wer <= 0.25
    assert share >= 0.9
    assert [c.start for c in cues] == sorted(c.start for c in cues)
