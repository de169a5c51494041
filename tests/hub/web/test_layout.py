"""The calendar's week grid, the speaking-time bars and the page filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

from zoomstack.hub.web.layout import Block, speaking_bars, week_layout, week_start
from zoomstack.hub.web.templating import clock, filesize, local, minutes

MONDAY = date(2026, 3, 2)


def test_week_start_is_the_monday() -> None:
    assert week_start(date(2026, 3, 5)) == MONDAY
    assert week_start(MONDAY) == MONDAY


def test_blocks_land_on_their_day_at_their_time() -> None:
    block = Block(
        "Review",
        datetime(2026, 3, 4, 10, 30, tzinfo=UTC),
        datetime(2026, 3, 4, 11, 30, tzinfo=UTC),
        "1",
    )
    week = week_layout([block], MONDAY, "UTC", today=date(2026, 3, 4))
    assert week.hours[0] == 8 and week.hours[-1] == 20
    placed = week.days[2].placed
    assert [p.block.title for p in placed] == ["Review"]
    span = len(week.hours) * 60
    assert placed[0].top == round((2 * 60 + 30) / span * 100, 2)
    assert placed[0].height == round(60 / span * 100, 2)
    assert (placed[0].start_label, placed[0].end_label) == ("10:30", "11:30")
    assert week.days[2].today and not week.days[0].today


def test_times_are_shown_in_the_viewers_zone() -> None:
    block = Block(
        "Late", datetime(2026, 3, 2, 23, 0, tzinfo=UTC), datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    )
    week = week_layout([block], MONDAY, "Asia/Tokyo", today=MONDAY)
    assert [p.start_label for p in week.days[1].placed] == ["08:00"]  # Tuesday in Tokyo


def test_hours_widen_to_fit_early_and_late_meetings() -> None:
    early = Block(
        "Early", datetime(2026, 3, 3, 6, 0, tzinfo=UTC), datetime(2026, 3, 3, 6, 30, tzinfo=UTC)
    )
    late = Block(
        "Late", datetime(2026, 3, 3, 21, 0, tzinfo=UTC), datetime(2026, 3, 3, 22, 0, tzinfo=UTC)
    )
    week = week_layout([late, early], MONDAY, "UTC", today=MONDAY)
    assert week.hours[0] == 6 and week.hours[-1] == 22
    assert [p.block.title for p in week.days[1].placed] == ["Early", "Late"]


def test_blocks_outside_the_week_are_left_out() -> None:
    block = Block(
        "Next", datetime(2026, 3, 9, 9, 0, tzinfo=UTC), datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    )
    week = week_layout([block], MONDAY, "UTC", today=MONDAY)
    assert all(not day.placed for day in week.days)
    assert week.next == date(2026, 3, 9) and week.previous == date(2026, 2, 23)


def test_speaking_bars_longest_first_scaled_to_it() -> None:
    bars = speaking_bars(
        [
            {"speaker": "Ana", "speaking_seconds": 30, "speaking_share": 0.25},
            {"speaker": "Ben", "speaking_seconds": 90, "speaking_share": 0.75},
        ]
    )
    assert [(b.speaker, b.width) for b in bars] == [("Ben", 100.0), ("Ana", 33.33)]
    assert speaking_bars([]) == []


def test_filters() -> None:
    assert minutes(3725) == "1 h 2 min" and minutes(95) == "1 min 35 s" and minutes(None) == "0 s"
    assert filesize(999) == "999 B" and filesize(6_300_000) == "6.3 MB"
    assert clock(65) == "1:05" and clock(3725) == "1:02:05"
    moment = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    assert local(moment, "Asia/Tokyo", "%a %H:%M") == "Tue 08:00" and local(None, "UTC") == ""
