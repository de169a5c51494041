from __future__ import annotations

from pathlib import Path

from zoomstack.hub.intel.extractive import ExtractiveEngine, join_names, salience
from zoomstack.hub.intel.keyphrases import keyphrases
from zoomstack.hub.intel.text import sentences, words
from zoomstack.hub.intel.topics import boundaries, split
from zoomstack.hub.intel.vtt import parse_vtt

from .conftest import DATA

TOPICS = [
    "The budget for the launch is twelve thousand euros and marketing takes half of the budget.",
    "Finance approved the launch budget and the marketing budget last week.",
    "The launch budget also covers the booth at the trade fair in May.",
    "Hiring is the second topic: we need two engineers for the mobile app team.",
    "The mobile app team interviews engineers next week for both engineering roles.",
    "Engineers for the mobile app should know Kotlin and Swift well.",
]


def _meeting(path: Path = DATA / "standup.vtt") -> str:
    return path.read_text()


def test_summary_is_drawn_from_the_transcript() -> None:
    transcript = parse_vtt(_meeting())
    summary = ExtractiveEngine().summarize(transcript, sentences(transcript))
    assert summary.overview.startswith("Alice Smith, Bob Jones and Carol discussed")
    assert summary.key_points
    spoken = " ".join(turn.text for turn in transcript.turns)
    for point in summary.key_points:
        assert point.source.text in spoken
        # Only "we" becomes "the team"; every other word was said.
        assert set(words(point.text)) <= set(words(point.source.text)) | {"the", "team", "team's"}


def test_summary_fits_its_word_budget() -> None:
    lines = "\n\n".join(
        f"{i + 1}\n00:{i:02d}:00.000 --> 00:{i:02d}:05.000\nSam: {text}"
        for i, text in enumerate(TOPICS * 2)
    )
    transcript = parse_vtt("WEBVTT\n\n" + lines)
    summary = ExtractiveEngine(words=40, key_point_words=12).summarize(
        transcript, sentences(transcript)
    )
    assert len(summary.text().split()) <= 40 + 12
    assert all(len(p.text.split()) <= 13 for p in summary.key_points)  # 12 words and "…"


def test_fillers_and_openers_are_left_out_of_key_points() -> None:
    vtt = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:06.000\n"
        "Kim: So, um, the the supplier contract renewal is due and the supplier wants more money.\n"
    )
    transcript = parse_vtt(vtt)
    summary = ExtractiveEngine().summarize(transcript, sentences(transcript))
    assert summary.key_points[0].text == (
        "The supplier contract renewal is due and the supplier wants more money."
    )


def test_salience_prefers_sentences_with_the_meeting_vocabulary() -> None:
    stems = [["budget", "launch"], ["budget", "launch", "market"], ["weather"], ["budget"]]
    texts = ["budget launch", "budget launch market", "weather", "budget"]
    scores = salience(stems, texts)
    assert scores[1] > scores[2]


def test_topic_boundaries_fall_between_topics() -> None:
    documents = [[w for w in words(t) if len(w) > 4] for t in TOPICS]
    assert boundaries(documents, segments=2, window=3) == [0, 3]
    assert split(TOPICS, [0, 3]) == [[0, 1, 2], [3, 4, 5]]


def test_one_segment_for_short_input() -> None:
    assert boundaries([["a"]], segments=5) == [0]


def test_keyphrases_are_recurring_words_and_pairs() -> None:
    phrases = keyphrases(TOPICS, count=3)
    assert any("budget" in phrase or "launch" in phrase for phrase in phrases)
    assert any("app" in phrase or "engineers" in phrase for phrase in phrases)
    assert "the" not in phrases


def test_join_names() -> None:
    assert join_names([]) == ""
    assert join_names(["a"]) == "a"
    assert join_names(["a", "b", "c"]) == "a, b and c"


def test_key_points_speak_of_the_team_in_the_third_person() -> None:
    vtt = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:06.000\n"
        "Kim: Well, we've agreed that our supplier contract renewal needs a better price.\n"
    )
    transcript = parse_vtt(vtt)
    summary = ExtractiveEngine().summarize(transcript, sentences(transcript))
    assert summary.key_points[0].text == (
        "The team have agreed that the team's supplier contract renewal needs a better price."
    )
