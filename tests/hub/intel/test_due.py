from __future__ import annotations

import datetime as dt

import pytest

from zoomstack.hub.intel.due import find_due_phrase, resolve_due

from .conftest import MEETING_DATE  # Wednesday 2024-03-06


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("by Friday", dt.date(2024, 3, 8)),
        ("on Wednesday", dt.date(2024, 3, 13)),  # a bare weekday is the next one, not today
        ("this Wednesday", dt.date(2024, 3, 6)),
        ("this Monday", dt.date(2024, 3, 11)),  # already past this week: the coming one
        ("next Tuesday", dt.date(2024, 3, 12)),  # Tuesday of the following week
        ("next Friday", dt.date(2024, 3, 15)),
        ("today", dt.date(2024, 3, 6)),
        ("by EOD", dt.date(2024, 3, 6)),
        ("tomorrow", dt.date(2024, 3, 7)),
        ("the day after tomorrow", dt.date(2024, 3, 8)),
        ("by the end of the week", dt.date(2024, 3, 8)),
        ("end of next week", dt.date(2024, 3, 15)),
        ("next week", dt.date(2024, 3, 11)),
        ("this week", dt.date(2024, 3, 8)),
        ("this month", dt.date(2024, 3, 31)),
        ("by the end of the month", dt.date(2024, 3, 31)),
        ("end of next month", dt.date(2024, 4, 30)),
        ("next month", dt.date(2024, 4, 1)),
        ("end of the quarter", dt.date(2024, 3, 31)),
        ("end of the year", dt.date(2024, 12, 31)),
        ("within a week", dt.date(2024, 3, 13)),
        ("in two weeks", dt.date(2024, 3, 20)),
        ("in 3 days", dt.date(2024, 3, 9)),
        ("within a couple of days", dt.date(2024, 3, 8)),
        ("in a month", dt.date(2024, 4, 6)),
        ("due March 15th", dt.date(2024, 3, 15)),
        ("before the 20th", dt.date(2024, 3, 20)),
        ("no later than April 2", dt.date(2024, 4, 2)),
        ("by 3/14", dt.date(2024, 3, 14)),
        ("by Friday afternoon", dt.date(2024, 3, 8)),
    ],
)
def test_resolve_due(phrase: str, due: dt.date) -> None:
    assert resolve_due(phrase, MEETING_DATE) == due


def test_weekend_meeting_end_of_week_is_next_friday() -> None:
    saturday = dt.date(2024, 3, 9)
    assert resolve_due("end of the week", saturday) == dt.date(2024, 3, 15)


def test_end_of_month_in_a_leap_february() -> None:
    assert resolve_due("end of the month", dt.date(2024, 2, 10)) == dt.date(2024, 2, 29)


def test_month_end_rolls_into_next_year() -> None:
    assert resolve_due("end of next month", dt.date(2024, 12, 3)) == dt.date(2025, 1, 31)


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Alice will send the deck by Friday.", "by Friday"),
        ("Can you finish it in two weeks?", "in two weeks"),
        ("Let's wrap this up by the end of the month please.", "by the end of the month"),
        ("I'll do it next Tuesday morning.", "next Tuesday morning"),
        ("We will talk about it.", None),
        ("The thursday thing was fun", "thursday"),
    ],
)
def test_find_due_phrase(sentence: str, phrase: str | None) -> None:
    assert find_due_phrase(sentence) == phrase
