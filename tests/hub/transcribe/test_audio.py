"""Audio in pieces: chunks cut at quiet moments, the same again when resumed, channels
told apart only when they carry different people."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from zoomstack.hub.transcribe.audio import SAMPLE_RATE, Chunk, chunks, separate
from zoomstack.hub.transcribe.engine import Cue
from zoomstack.hub.transcribe.runner import all_cues
from zoomstack.hub.transcribe.vtt import write_vtt


def bursts(seconds: float, seed: int) -> np.ndarray:
    """Noise bursts (words) with quiet gaps between them, 16 kHz, one channel."""
    rng = np.random.default_rng(seed)
    out = np.zeros((1, int(seconds * SAMPLE_RATE)), dtype=np.float32)
    position = 0
    while position < out.shape[1]:
        loud = int(rng.uniform(0.3, 2.0) * SAMPLE_RATE)
        out[0, position : position + loud] = rng.uniform(-0.5, 0.5, loud)[: out.shape[1] - position]
        position += loud + int(rng.uniform(0.2, 0.6) * SAMPLE_RATE)
    return out


def pieces(samples: np.ndarray, size: int = 4000) -> Iterator[np.ndarray]:
    for start in range(0, samples.shape[1], size):
        yield samples[:, start : start + size]


def test_chunks_cover_the_audio_and_end_where_it_is_quiet() -> None:
    audio = bursts(60, seed=1)
    found = list(chunks(pieces(audio), chunk_seconds=10))
    assert len(found) >= 5
    assert np.array_equal(np.concatenate([c.samples for c in found], axis=1), audio)
    for chunk in found[:-1]:
        end = chunk.end_sample
        assert 9 * SAMPLE_RATE <= chunk.samples.shape[1] <= 11 * SAMPLE_RATE
        assert np.abs(audio[0, end - 80 : end + 80]).max() < 0.5 * np.abs(audio).max()


def test_a_resumed_run_finds_the_same_chunks_after_the_saved_ones() -> None:
    audio = bursts(45, seed=2)
    first = list(chunks(pieces(audio), chunk_seconds=8))
    again = list(chunks(pieces(audio, 3000), chunk_seconds=8, skip=first[1].end_sample))
    assert [c.start_sample for c in again] == [c.start_sample for c in first[2:]]
    assert all(np.array_equal(a.samples, b.samples) for a, b in zip(again, first[2:], strict=True))


def test_channels_are_speakers_only_when_they_differ() -> None:
    voice = bursts(3, seed=3)[0]
    same = Chunk(0, np.stack([voice, voice]))
    assert [name for name, _ in separate(same)] == [""]
    apart = Chunk(0, np.stack([voice, np.roll(voice, SAMPLE_RATE)]))
    assert [name for name, _ in separate(apart)] == ["Speaker 1", "Speaker 2"]


def test_cues_are_written_in_order_and_nothing_heard_is_a_reason() -> None:
    parts = [[Cue(12.5, 14.0, "Speaker 2", "Later.")], [Cue(1.25, 3.0, "", "First words.")]]
    vtt = write_vtt(all_cues(parts, peak=0.5))
    assert vtt == (
        "WEBVTT\n\n1\n00:00:01.250 --> 00:00:03.000\nFirst words.\n\n"
        "2\n00:00:12.500 --> 00:00:14.000\nSpeaker 2: Later.\n"
    )
    with pytest.raises(Exception, match="silent"):
        all_cues([[]], peak=0.0)
    with pytest.raises(Exception, match="no speech"):
        all_cues([[]], peak=0.4)
