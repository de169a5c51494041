"""Recurring events expanded in their own zone: wall-clock times hold across DST."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.hub.scheduling.conftest import NEW_YORK, local
from zoomstack.hub.scheduling.series import (
    RuleError,
    expand,
    first_after,
    last_end,
    normalize_rule,
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_daily_series_keeps_nine_oclock_across_the_clock_change() -> None:
    start, end = local("2025-03-07 09:00"), local("2025-03-07 09:30")
    found = list(
        expand(
            "FREQ=DAILY;COUNT=5",
            start,
            end,
            NEW_YORK,
            within=(utc("2025-03-08 00:00"), utc("2025-03-12 00:00")),
            skip=[local("2025-03-09 09:00")],
        )
    )
    # Saturday 9:00 EST is 14:00 UTC; from Monday (EDT) 9:00 is 13:00 UTC; Sunday skipped.
    assert found == [
        (utc("2025-03-08 14:00"), utc("2025-03-08 14:30")),
        (utc("2025-03-10 13:00"), utc("2025-03-10 13:30")),
        (utc("2025-03-11 13:00"), utc("2025-03-11 13:30")),
    ]


def test_an_occurrence_that_started_before_the_span_but_runs_into_it_is_found() -> None:
    start, end = local("2025-03-03 10:00"), local("2025-03-03 12:00")
    within = (local("2025-03-04 11:00"), local("2025-03-04 11:30"))
    found = list(expand("FREQ=DAILY", start, end, NEW_YORK, within=within))
    assert found == [(utc("2025-03-04 15:00"), utc("2025-03-04 17:00"))]


def test_last_end_of_bounded_and_open_series() -> None:
    start, end = local("2025-03-03 10:00"), local("2025-03-03 10:30")
    assert last_end("FREQ=WEEKLY;COUNT=3", start, end, NEW_YORK) == utc("2025-03-17 14:30")
    assert last_end("FREQ=WEEKLY", start, end, NEW_YORK) is None


def test_first_after_a_moment() -> None:
    start = local("2025-03-03 10:00")
    assert first_after("FREQ=WEEKLY;BYDAY=MO", start, NEW_YORK, local("2025-03-04 00:00")) == utc(
        "2025-03-10 14:00"
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("RRULE:FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO"),
        # A date or a local time as UNTIL becomes the end of that day in UTC.
        ("FREQ=DAILY;UNTIL=20250331", "FREQ=DAILY;UNTIL=20250401T035959Z"),
        ("FREQ=DAILY;UNTIL=20250331T120000", "FREQ=DAILY;UNTIL=20250331T160000Z"),
    ],
)
def test_normalize_rule(rule: str, expected: str) -> None:
    assert normalize_rule(rule, NEW_YORK) == expected


@pytest.mark.parametrize("rule", ["", "BYDAY=MO", "FREQ=NEVER", "FREQ=DAILY;COUNT=x"])
def test_unreadable_rules_are_refused(rule: str) -> None:
    with pytest.raises(RuleError):
        normalize_rule(rule, NEW_YORK)
