from __future__ import annotations

import pytest

from zoomstack.hub.intel.errors import TranscriptError
from zoomstack.hub.intel.models import Transcript
from zoomstack.hub.intel.vtt import UNKNOWN_SPEAKER, parse_vtt, seconds


def test_speakers_in_order_of_first_words(standup_vtt: str) -> None:
    transcript = parse_vtt(standup_vtt)
    assert transcript.speakers == ["Alice Smith", "Bob Jones", "Carol"]


def test_consecutive_cues_of_one_speaker_make_one_turn(standup_vtt: str) -> None:
    transcript = parse_vtt(standup_vtt)
    first = transcript.turns[0]
    assert (first.speaker, first.start, first.end) == ("Alice Smith", 0.0, 14.0)
    assert first.text.endswith("We decided to ship the beta on the fifth.")
    assert len(transcript.cues) == 9
    assert len(transcript.turns) == 8
    assert [turn.index for turn in transcript.turns] == list(range(8))


def test_duration_spans_first_to_last_cue(standup_vtt: str) -> None:
    assert parse_vtt(standup_vtt).duration == 40.0


def test_voice_tags_name_the_speaker() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v Dana Lee>Let's start.</v>\n"
    cue = parse_vtt(text).cues[0]
    assert (cue.speaker, cue.start, cue.end, cue.text) == ("Dana Lee", 1.0, 3.5, "Let's start.")


def test_cue_without_label_gets_unknown_speaker() -> None:
    text = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nWhat time is it? Late: very.\n"
    cue = parse_vtt(text).cues[0]
    assert cue.speaker == UNKNOWN_SPEAKER
    assert cue.text == "What time is it? Late: very."


def test_byte_order_mark_and_hour_less_timestamps() -> None:
    text = "\ufeffWEBVTT\n\n01:02.250 --> 01:04.000\nAl: Hi there.\n"
    cue = parse_vtt(text).cues[0]
    assert (cue.start, cue.end) == (62.25, 64.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello world", "first line must be 'WEBVTT'"),
        ("", "first line must be 'WEBVTT'"),
        ("WEBVTT\n\n", "no cues"),
        ("WEBVTT\n\n1\n00:00:xx --> 00:00:01.000\nA: hi\n", "cue 1 has a bad timing line"),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nA: hi\n", "ends before it starts"),
        ("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n\n", "no cues"),
    ],
)
def test_bad_transcripts_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(TranscriptError, match=message):
        parse_vtt(text)


def test_transcript_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_vtt("not a transcript")


@pytest.mark.parametrize(
    ("stamp", "value"), [("00:00:00.000", 0.0), ("01:02:03.456", 3723.456), ("59:59.999", 3599.999)]
)
def test_seconds(stamp: str, value: float) -> None:
    assert seconds(stamp) == pytest.approx(value)


def test_transcript_round_trips_through_json(standup_vtt: str) -> None:
    transcript = parse_vtt(standup_vtt)
    assert Transcript.model_validate_json(transcript.model_dump_json()) == transcript
