"""Spoken recordings: the transcript said aloud in a real M4A and MP4, cached, deterministic."""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import av
import httpx
import numpy as np
import numpy.typing as npt
import pytest

from zoomstack.config import EmulatorSettings, MediaMode
from zoomstack.emulator import soundtrack, speech, spoken_media
from zoomstack.emulator.generate import people, script
from zoomstack.emulator.vtt import parse_vtt

pytestmark = pytest.mark.skipif(not spoken_media.available(), reason="speech extra missing")


def decode(data: bytes) -> tuple[npt.NDArray[np.float32], int, str]:
    """Mono samples, their rate and the codec of a media file's audio track."""
    with av.open(io.BytesIO(data), mode="r") as container:
        stream = container.streams.audio[0]
        rate, codec = stream.rate, stream.codec_context.name
        frames = [f.to_ndarray().reshape(-1) for f in container.decode(stream)]
    return np.concatenate(frames).astype(np.float32), rate, codec


async def simulate(
    client: httpx.AsyncClient, auth: dict[str, str], **body: Any
) -> dict[str, dict[str, Any]]:
    made = await client.post(
        "/v2/users/me/meetings", json={"topic": "Sync", "type": 2}, headers=auth
    )
    ran = await client.post(f"/_emulator/meetings/{made.json()['id']}/simulate", json=body)
    assert ran.status_code == 201, ran.text
    return {f["file_type"]: f for f in ran.json()["recording"]["recording_files"]}


async def test_a_spoken_recording_plays_the_transcript_at_its_cue_times(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    files = await simulate(client, auth, duration=1, seed=5, media="speech")
    m4a = await client.get(files["M4A"]["download_url"], headers=auth)
    assert m4a.status_code == 200
    assert len(m4a.content) == int(m4a.headers["content-length"]) == files["M4A"]["file_size"]
    samples, rate, codec = decode(m4a.content)
    assert codec == "aac" and len(samples) / rate == pytest.approx(60, abs=0.2)
    vtt = await client.get(files["TRANSCRIPT"]["download_url"], headers=auth)
    cues = parse_vtt(vtt.text)
    loud = [_rms(samples, rate, cue.start, cue.end) for cue in cues]
    gaps = [
        _rms(samples, rate, a.end + 0.05, b.start - 0.05)
        for a, b in itertools.pairwise(cues)
        if b.start - a.end > 0.3
    ]
    assert min(loud) > 0.02 and gaps and max(gaps) < 0.002


def _rms(samples: npt.NDArray[np.float32], rate: int, start: float, end: float) -> float:
    piece = samples[int(start * rate) : int(end * rate)]
    return float(np.sqrt(np.mean(piece**2))) if len(piece) else 0.0


async def test_the_mp4_carries_the_same_audio_and_answers_ranges(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    files = await simulate(client, auth, duration=1, seed=6, media="speech")
    mp4 = await client.get(files["MP4"]["download_url"], headers=auth)
    m4a = await client.get(files["M4A"]["download_url"], headers=auth)
    assert len(mp4.content) == files["MP4"]["file_size"] and mp4.content[4:8] == b"ftyp"
    assert np.array_equal(decode(mp4.content)[0], decode(m4a.content)[0])
    span = await client.get(
        files["MP4"]["download_url"], headers={**auth, "Range": "bytes=1000-1999"}
    )
    assert span.status_code == 206 and span.content == mp4.content[1000:2000]


async def test_filler_stays_the_default_and_can_be_asked_for(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    for body in ({}, {"media": "filler"}):
        files = await simulate(client, auth, duration=1, seed=7, **body)
        got = await client.get(files["M4A"]["download_url"], headers=auth)
        with pytest.raises(av.error.InvalidDataError):
            decode(got.content)


async def test_an_unknown_media_choice_is_refused(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    made = await client.post(
        "/v2/users/me/meetings", json={"topic": "Sync", "type": 2}, headers=auth
    )
    for bad in ("loud", 3, ["speech"]):
        refused = await client.post(
            f"/_emulator/meetings/{made.json()['id']}/simulate", json={"media": bad}
        )
        assert refused.status_code == 400 and "media" in refused.text, bad


def test_auto_speaks_short_meetings_and_fills_long_ones(tmp_path: Path) -> None:
    settings = EmulatorSettings(data_dir=tmp_path, media=MediaMode.auto, speech_max_minutes=30)
    assert spoken_media.spoken(settings, 30) and not spoken_media.spoken(settings, 31)
    assert spoken_media.spoken(settings, 90, "speech")
    assert not spoken_media.spoken(settings, 5, "filler")
    assert not spoken_media.spoken(EmulatorSettings(data_dir=tmp_path), 5)


async def test_renders_are_the_same_every_time_and_made_once(tmp_path: Path) -> None:
    said = script(seed=11, topic="Design review", speakers=people(11, 3), duration=20.0)
    first, second = spoken_media.MediaCache(tmp_path / "a"), spoken_media.MediaCache(tmp_path / "b")
    a = await first.file(said.recipe(), "M4A")
    b = await second.file(said.recipe(), "M4A")
    assert a.read_bytes() == b.read_bytes()
    assert a.stat().st_size == spoken_media.planned_size("M4A", 20.0)
    made = a.stat().st_mtime_ns
    assert await first.file(said.recipe(), "M4A") == a and a.stat().st_mtime_ns == made


def test_each_speaker_has_a_voice_and_utterances_fit_their_cues() -> None:
    said = script(seed=3, topic="Stand-up", speakers=people(3, 5), duration=60.0)
    assert len(set(soundtrack.voices(said).values())) == len(said.speakers)
    rate = speech.sample_rate()
    for utterance in said.utterances[:6]:
        clip = soundtrack.spoken(utterance, speech.voice_for(0), rate)
        assert 0 < len(clip) <= (utterance.end - utterance.start) * rate + 1


def test_padding_fills_to_the_planned_size_with_a_free_box(tmp_path: Path) -> None:
    path = tmp_path / "x.m4a"
    path.write_bytes(b"\x00\x00\x00\x08ftyp")
    spoken_media.pad(path, 100)
    data = path.read_bytes()
    assert len(data) == 100 and data[8:16] == b"\x00\x00\x00\x5cfree"
    with pytest.raises(spoken_media.RenderError):
        spoken_media.pad(path, 104)


async def test_a_meeting_of_an_account_that_does_not_transcribe_has_no_transcript(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    files = await simulate(client, auth, duration=1, seed=8, transcript=False)
    assert "TRANSCRIPT" not in files and {"MP4", "M4A", "TIMELINE"} <= set(files)
    made = await client.post(
        "/v2/users/me/meetings", json={"topic": "Sync", "type": 2}, headers=auth
    )
    refused = await client.post(
        f"/_emulator/meetings/{made.json()['id']}/simulate", json={"transcript": "no"}
    )
    assert refused.status_code == 400 and "transcript" in refused.text


async def test_each_participants_file_holds_their_lines_alone_on_the_meetings_timeline(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    made = await client.post(
        "/v2/users/me/meetings", json={"topic": "Sync", "type": 2}, headers=auth
    )
    body = {"duration": 1, "seed": 5, "media": "speech", "participant_audio": True}
    ran = await client.post(f"/_emulator/meetings/{made.json()['id']}/simulate", json=body)
    recording = ran.json()["recording"]
    vtt_file = next(f for f in recording["recording_files"] if f["file_type"] == "TRANSCRIPT")
    cues = parse_vtt((await client.get(vtt_file["download_url"], headers=auth)).text)
    separate = recording["participant_audio_files"]
    assert {f["file_name"] for f in separate} == {cue.speaker for cue in cues}
    for file in separate:
        got = await client.get(file["download_url"], headers=auth)
        assert len(got.content) == int(got.headers["content-length"]) == file["file_size"]
        samples, rate, codec = decode(got.content)
        assert codec == "aac" and len(samples) / rate == pytest.approx(60, abs=0.2)
        own = [_rms(samples, rate, c.start, c.end) for c in cues if c.speaker == file["file_name"]]
        others = [
            _rms(samples, rate, c.start + 0.05, c.end - 0.05)
            for c in cues
            if c.speaker != file["file_name"] and c.end - c.start > 0.2
        ]
        assert own and min(own) > 0.02, file["file_name"]
        assert others and max(others) < 0.002, file["file_name"]
        span = await client.get(file["download_url"], headers={**auth, "Range": "bytes=500-1499"})
        assert span.status_code == 206 and span.content == got.content[500:1500]
        assert span.headers["content-range"] == f"bytes 500-1499/{file['file_size']}"
