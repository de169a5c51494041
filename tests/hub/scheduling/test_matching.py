"""Which meetings a chat command points at."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.hub.scheduling.conftest import NEW_YORK, NOW, local
from zoomstack.hub.scheduling.entries import Entry
from zoomstack.hub.scheduling.matching import pick, span_of, topic_fits
from zoomstack.hub.scheduling.references import meeting_ref


def meeting(zoom_id: str, title: str, start: str) -> Entry:
    begins = local(start)
    return Entry(
        kind="meeting",
        id=zoom_id,
        user_id="u",
        source="zoom",
        title=title,
        start=begins,
        end=begins + timedelta(minutes=30),
        meeting_id=zoom_id,
    )


ENTRIES = [
    meeting("1", "Team stand-up", "2025-03-04 09:30"),
    meeting("1", "Team stand-up", "2025-03-06 09:30"),
    meeting("1", "Team stand-up", "2025-03-07 09:30"),
    meeting("2", "Design review", "2025-03-05 15:00"),
    meeting("3", "Design review", "2025-03-07 11:00"),
]


def refs(text: str, past: bool = False) -> list[tuple[str, datetime]]:
    ref = meeting_ref(text, NOW, NEW_YORK, past=past)
    return [(e.id, e.start) for e in pick(ENTRIES, ref, NOW, past)]


def test_topic_fits_words_and_spellings() -> None:
    assert topic_fits("standup", "Team stand-up")
    assert topic_fits("design review", "Weekly Design Review")
    assert topic_fits("standup series", "Team stand-up")
    assert not topic_fits("design review", "Design sync")
    assert not topic_fits("", "Anything")


def test_a_time_points_at_the_meeting_starting_then() -> None:
    assert refs("my 3pm") == [("2", local("2025-03-05 15:00"))]
    assert refs("my 4pm") == []


def test_a_name_points_at_each_meeting_once_its_next_occurrence() -> None:
    assert refs("the standup") == [("1", local("2025-03-06 09:30"))]
    assert [r[0] for r in refs("the design review")] == ["2", "3"]
    assert refs("my next design review") == [("2", local("2025-03-05 15:00"))]


def test_a_past_day_and_name_point_at_that_occurrence() -> None:
    assert refs("yesterday's standup", past=True) == [("1", local("2025-03-04 09:30"))]
    assert refs("the last standup", past=True) == [("1", local("2025-03-04 09:30"))]


def test_span_of_a_reference() -> None:
    at_three = meeting_ref("my 3pm", NOW, NEW_YORK, past=False)
    start, end = span_of(at_three, NOW, past=False)
    assert start == local("2025-03-05 15:00") and (end - start).total_seconds() == 60
