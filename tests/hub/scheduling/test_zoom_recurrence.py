"""RFC 5545 rules to Zoom's recurrence object and back."""

from __future__ import annotations

from typing import Any

import pytest

from tests.hub.scheduling.conftest import NEW_YORK, local
from zoomstack.hub.scheduling.zoom_recurrence import NoZoomForm, from_zoom, to_zoom

MONDAY_10 = local("2025-03-10 10:00")


@pytest.mark.parametrize(
    ("rule", "zoom", "back"),
    [
        ("FREQ=DAILY;COUNT=5", {"type": 1, "repeat_interval": 1, "end_times": 5}, None),
        (
            "RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
            {"type": 2, "repeat_interval": 1, "weekly_days": "2,4", "end_times": 0},
            "FREQ=WEEKLY;BYDAY=MO,WE",
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2",
            {"type": 2, "repeat_interval": 2, "weekly_days": "2", "end_times": 0},
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        ),
        (
            "FREQ=WEEKLY;BYDAY=SU;UNTIL=20250401T035959Z",
            {
                "type": 2,
                "repeat_interval": 1,
                "weekly_days": "1",
                "end_date_time": "2025-04-01T03:59:59Z",
            },
            None,
        ),
        (
            "FREQ=MONTHLY",
            {"type": 3, "repeat_interval": 1, "monthly_day": 10, "end_times": 0},
            "FREQ=MONTHLY;BYMONTHDAY=10",
        ),
        (
            "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3",
            {
                "type": 3,
                "repeat_interval": 1,
                "monthly_week": -1,
                "monthly_week_day": 6,
                "end_times": 3,
            },
            None,
        ),
        (
            "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2",
            {
                "type": 3,
                "repeat_interval": 1,
                "monthly_week": 2,
                "monthly_week_day": 3,
                "end_times": 0,
            },
            "FREQ=MONTHLY;BYDAY=2TU",
        ),
    ],
)
def test_rules_to_zoom_and_back(rule: str, zoom: dict[str, Any], back: str | None) -> None:
    assert to_zoom(rule, MONDAY_10, NEW_YORK) == zoom
    assert from_zoom(zoom) == (back or rule.removeprefix("RRULE:"))


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=YEARLY", "yearly"),
        ("FREQ=HOURLY", "hourly"),
        ("FREQ=DAILY;COUNT=61", "at most 60 times"),
        ("FREQ=DAILY;INTERVAL=100", "every 99"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "one day of the month"),
        ("FREQ=MONTHLY;BYDAY=5MO", "1st-4th or last"),
        ("FREQ=SOMETIMES", "unreadable"),
    ],
)
def test_rules_zoom_cannot_follow(rule: str, reason: str) -> None:
    with pytest.raises(NoZoomForm, match=reason):
        to_zoom(rule, MONDAY_10, NEW_YORK)


def test_unknown_zoom_recurrence_reads_as_none() -> None:
    assert from_zoom({}) is None
    assert from_zoom({"type": 9}) is None
