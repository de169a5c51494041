from __future__ import annotations

import random

import orjson
import pytest

from zoomstack.emulator import media
from zoomstack.emulator.generate import Person, script
from zoomstack.emulator.vtt import parse_vtt

SIZE = media.BLOCK * 2 + 1234


def _read(file_id: str, file_type: str, start: int, end: int) -> bytes:
    return b"".join(media.media_chunks(file_id, file_type, start, end))


def test_media_bytes_are_a_function_of_the_file_id() -> None:
    whole = _read("file-a", "MP4", 0, SIZE)
    assert len(whole) == SIZE
    assert whole == _read("file-a", "MP4", 0, SIZE)
    assert whole[:100] != _read("file-b", "MP4", 0, 100)


@pytest.mark.parametrize(
    ("start", "end"),
    [(0, 1), (7, 40), (media.BLOCK - 3, media.BLOCK + 3), (media.BLOCK, SIZE), (SIZE - 1, SIZE)],
)
def test_any_range_equals_the_slice_of_the_whole(start: int, end: int) -> None:
    whole = _read("file-a", "M4A", 0, SIZE)
    assert _read("file-a", "M4A", start, end) == whole[start:end]


def test_chunks_never_exceed_a_block() -> None:
    assert max(len(c) for c in media.media_chunks("f", "MP4", 5, SIZE)) <= media.BLOCK


def test_files_start_with_an_ftyp_box() -> None:
    assert _read("x", "MP4", 4, 12) == b"ftypisom"
    assert _read("x", "M4A", 4, 12) == b"ftypM4A "


def test_sizes_follow_the_length_of_the_recording() -> None:
    rng = random.Random(1)
    short, long = media.media_size(rng, "MP4", 60), media.media_size(rng, "MP4", 3600)
    assert 40 * short < long
    assert media.media_size(rng, "M4A", 0) == 28  # never below the header


def test_text_files_come_from_the_script() -> None:
    people = [Person("Ana Ruiz", "ana@example.com", "u1"), Person("Ben Ode", "ben@example.org")]
    said = script(seed=1, topic="Sprint 9 planning", speakers=people, duration=900)
    assert said.chat
    cues = parse_vtt(media.render_text("TRANSCRIPT", said).decode())
    assert [(c.speaker, c.text) for c in cues] == [
        (u.speaker.name, u.text) for u in said.utterances
    ]
    timeline = orjson.loads(media.render_text("TIMELINE", said))["timeline"]
    assert timeline[0]["users"][0]["username"] == "Ana Ruiz"
    assert timeline[0]["users"][0]["user_id"] == media.meeting_user_id(0)
    assert all(
        e["users"][0]["email_address"] == ""
        for e in timeline
        if e["users"][0]["username"] == "Ben Ode"
    )
    chat = media.render_text("CHAT", said).decode()
    assert chat.count(" to Everyone:\n\t") == len(said.chat)
