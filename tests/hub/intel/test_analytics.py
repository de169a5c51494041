from __future__ import annotations

import pytest

from zoomstack.hub.intel.analytics import engagement_score, interruptions, participants
from zoomstack.hub.intel.models import ParticipantStats
from zoomstack.hub.intel.sentiment import by_speaker
from zoomstack.hub.intel.text import sentences
from zoomstack.hub.intel.vtt import parse_vtt


def _stats(vtt: str) -> dict[str, ParticipantStats]:
    transcript = parse_vtt(vtt)
    said = sentences(transcript)
    return {p.speaker: p for p in participants(transcript, said, by_speaker(said))}


def test_speaking_time_is_the_sum_of_cue_durations(standup_vtt: str) -> None:
    stats = _stats(standup_vtt)
    # Alice 10 + 4 + 1 + 5.5, Bob 7 + 4.5 + 1, Carol 4 + 4 seconds.
    assert {name: s.speaking_seconds for name, s in stats.items()} == {
        "Alice Smith": 20.5,
        "Bob Jones": 12.5,
        "Carol": 8.0,
    }
    assert stats["Alice Smith"].speaking_share == pytest.approx(20.5 / 41, abs=1e-4)
    assert sum(s.speaking_share for s in stats.values()) == pytest.approx(1.0, abs=1e-3)


def test_turns_words_and_pace(standup_vtt: str) -> None:
    stats = _stats(standup_vtt)
    assert {name: s.turns for name, s in stats.items()} == {
        "Alice Smith": 3,
        "Bob Jones": 3,
        "Carol": 2,
    }
    carol = stats["Carol"]
    assert carol.words == 20
    assert carol.words_per_minute == 150.0  # 20 words in 8 seconds


def test_interruptions_overlap_or_cut_off_but_not_backchannels(standup_vtt: str) -> None:
    stats = _stats(standup_vtt)
    # Bob starts at 13 s over Alice (until 14 s); Alice takes over 0.5 s after Carol broke
    # off ("the roadmap tool—"); Bob's overlapping "Mm-hmm" does not count.
    assert {name: (s.interruptions, s.interrupted) for name, s in stats.items()} == {
        "Alice Smith": (1, 1),
        "Bob Jones": (1, 0),
        "Carol": (0, 1),
    }


def test_questions_are_counted_per_speaker(standup_vtt: str) -> None:
    stats = _stats(standup_vtt)
    assert {name: s.questions for name, s in stats.items()} == {
        "Alice Smith": 0,
        "Bob Jones": 1,
        "Carol": 0,
    }


def test_participants_sorted_by_speaking_time(standup_vtt: str) -> None:
    transcript = parse_vtt(standup_vtt)
    said = sentences(transcript)
    order = [p.speaker for p in participants(transcript, said, by_speaker(said))]
    assert order == ["Alice Smith", "Bob Jones", "Carol"]


def test_sentiment_per_speaker(standup_vtt: str) -> None:
    stats = _stats(standup_vtt)
    assert stats["Carol"].sentiment.label == "positive"  # "really happy ... great work"
    assert stats["Bob Jones"].sentiment.label == "negative"  # "sorry ... still failing"
    assert -1 <= stats["Alice Smith"].sentiment.compound <= 1


def test_a_gap_after_a_finished_sentence_is_no_interruption() -> None:
    vtt = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nA: We ship Friday.\n\n"
        "00:00:02.000 --> 00:00:04.000\nB: Good, then I'll test Thursday.\n"
    )
    made, suffered = interruptions(parse_vtt(vtt).turns)
    assert (sum(made.values()), sum(suffered.values())) == (0, 0)


@pytest.mark.parametrize(
    ("share", "turn_share", "speakers", "score"),
    [
        (0.5, 0.5, 2, 100.0),
        (0.25, 0.25, 2, 50.0),
        (0.8, 0.1, 4, 76.0),  # 0.6 * 1 + 0.4 * 0.4
        (0.0, 0.0, 3, 0.0),
    ],
)
def test_engagement_score(share: float, turn_share: float, speakers: int, score: float) -> None:
    assert engagement_score(share, turn_share, speakers) == score
