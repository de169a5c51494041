from __future__ import annotations

import pytest

from zoomstack.emulator.vtt import Cue, VTTError, parse_vtt, split_speaker, timestamp, write_vtt

ZOOM_STYLE = """WEBVTT

1
00:00:16.350 --> 00:00:18.720
Alice Smith: Good morning, everyone.

2
01:02:03.004 --> 01:02:05.000
Bob Jones: Morning. Quick question: are we live?
"""


def test_writes_zoom_layout_exactly() -> None:
    cues = [
        Cue(16.35, 18.72, "Alice Smith", "Good morning, everyone."),
        Cue(3723.004, 3725.0, "Bob Jones", "Morning. Quick question: are we live?"),
    ]
    assert write_vtt(cues) == ZOOM_STYLE


def test_round_trip_keeps_speakers_times_and_text() -> None:
    cues = [
        Cue(0.0, 1.5, "Ana María O'Neil", "Ratio is 3:2, roughly."),
        Cue(1.75, 4.0, "", "A cue with no speaker"),
        Cue(36000.001, 36001.999, "Zed", "Late."),
    ]
    assert parse_vtt(write_vtt(cues)) == cues


def test_reads_voice_tags_multiline_cues_notes_and_a_bom() -> None:
    text = (
        "\ufeffWEBVTT\n\nNOTE made elsewhere\n\n"
        "00:00:01.000 --> 00:00:02.500\n<v Carol Diaz>Hello\nthere</v>\n\n"
        "intro\n00:00:03.000 --> 00:00:04.000\nplain text\n"
    )
    assert parse_vtt(text) == [
        Cue(1.0, 2.5, "Carol Diaz", "Hello there"),
        Cue(3.0, 4.0, "", "plain text"),
    ]


def test_text_that_is_not_vtt_is_refused() -> None:
    with pytest.raises(VTTError):
        parse_vtt("1\n00:00:01,000 --> 00:00:02,000\nan SRT file\n")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Alice: hi", ("Alice", "hi")),
        ("Dr. Who: hi", ("", "Dr. Who: hi")),  # a name with a full stop reads as text
        ("10:30 works for me", ("", "10:30 works for me")),
        ("So the plan for today is this: ship it", ("", "So the plan for today is this: ship it")),
        ("no speaker here", ("", "no speaker here")),
    ],
)
def test_split_speaker(line: str, expected: tuple[str, str]) -> None:
    assert split_speaker(line) == expected


def test_timestamp_rounds_to_milliseconds() -> None:
    assert timestamp(0) == "00:00:00.000"
    assert timestamp(59.9996) == "00:01:00.000"
    assert timestamp(3600 * 27 + 0.25) == "27:00:00.250"
