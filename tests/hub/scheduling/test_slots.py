from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta

import pytest
from pydantic import ValidationError

from zoomstack.hub.scheduling import (
    Interval,
    WorkingHours,
    find_conflicts,
    outside_working_hours,
    suggest_slots,
)

from .conftest import NEW_YORK, local


def span(start: str, end: str, tz: str = NEW_YORK) -> Interval:
    return Interval(start=local(start, tz), end=local(end, tz))


BUSY = {
    "alice": [
        span("2025-03-06 09:00", "2025-03-06 10:00"),
        span("2025-03-06 13:00", "2025-03-06 14:00"),
    ],
    "bob": [span("2025-03-06 09:30", "2025-03-06 11:00")],
}
THURSDAY = span("2025-03-06 00:00", "2025-03-07 00:00")


def test_conflicts_name_each_attendee_and_interval() -> None:
    found = find_conflicts(span("2025-03-06 09:45", "2025-03-06 10:15"), BUSY)
    assert [(c.attendee, c.busy.start) for c in found] == [
        ("alice", local("2025-03-06 09:00")),
        ("bob", local("2025-03-06 09:30")),
    ]


def test_touching_intervals_do_not_conflict() -> None:
    assert (
        find_conflicts(span("2025-03-06 10:00", "2025-03-06 10:30"), {"alice": BUSY["alice"]}) == []
    )


def test_conflicts_across_zones() -> None:
    berlin = span("2025-03-06 15:30", "2025-03-06 16:00", "Europe/Berlin")  # 09:30 in New York
    assert [c.attendee for c in find_conflicts(berlin, BUSY)] == ["alice", "bob"]


def test_slots_avoid_everyones_busy_time_and_stay_in_working_hours() -> None:
    slots = suggest_slots(BUSY, THURSDAY, timedelta(minutes=30), NEW_YORK, limit=20)
    assert slots
    for slot in slots:
        proposed = Interval(start=slot.start, end=slot.end)
        assert find_conflicts(proposed, BUSY) == []
        assert not outside_working_hours(proposed, NEW_YORK)


def test_slots_do_not_overlap_each_other() -> None:
    slots = suggest_slots(BUSY, THURSDAY, timedelta(minutes=30), NEW_YORK, limit=20)
    ordered = sorted(slots, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))


def test_slots_are_ranked_by_nearness_to_the_preferred_time() -> None:
    slots = suggest_slots(
        BUSY,
        THURSDAY,
        timedelta(minutes=30),
        NEW_YORK,
        preferred=local("2025-03-06 15:00"),
        limit=3,
    )
    assert slots[0].start == local("2025-03-06 15:00")
    assert [s.confidence for s in slots] == sorted((s.confidence for s in slots), reverse=True)
    assert all(0 < s.confidence <= 1 for s in slots)


def test_a_slot_with_room_around_it_ranks_above_one_squeezed_in() -> None:
    slots = suggest_slots(BUSY, THURSDAY, timedelta(minutes=30), NEW_YORK, limit=1)
    assert slots[0].start == local("2025-03-06 11:30")


def test_no_room_gives_no_slots() -> None:
    full = {"carol": [span("2025-03-06 08:00", "2025-03-06 18:00")]}
    assert suggest_slots(full, THURSDAY, timedelta(minutes=30), NEW_YORK) == []


def test_a_long_meeting_needs_a_long_gap() -> None:
    slots = suggest_slots(BUSY, THURSDAY, timedelta(hours=2), NEW_YORK, limit=5)
    starts = {s.start for s in slots}
    assert local("2025-03-06 11:00") in starts
    assert all(
        s == local("2025-03-06 11:00")
        or local("2025-03-06 14:00") <= s <= local("2025-03-06 15:00")
        for s in starts
    )


def test_weekends_are_skipped() -> None:
    weekend = span("2025-03-08 00:00", "2025-03-10 00:00")
    assert suggest_slots({}, weekend, timedelta(minutes=30), NEW_YORK) == []


def test_working_hours_keep_wall_clock_across_daylight_saving() -> None:
    week = span("2025-03-07 00:00", "2025-03-11 00:00")
    hours = WorkingHours(start=time(9), end=time(10), days=frozenset(range(7)))
    slots = suggest_slots({}, week, timedelta(hours=1), NEW_YORK, hours, limit=10)
    assert sorted(s.start.isoformat() for s in slots) == [
        "2025-03-07T09:00:00-05:00",
        "2025-03-08T09:00:00-05:00",
        "2025-03-09T09:00:00-04:00",
        "2025-03-10T09:00:00-04:00",
    ]


def test_working_hours_in_another_zone() -> None:
    slots = suggest_slots({}, THURSDAY, timedelta(minutes=30), "Europe/Berlin", limit=50)
    assert min(s.start for s in slots) == local("2025-03-06 09:00", "Europe/Berlin")


def test_outside_working_hours() -> None:
    assert outside_working_hours(span("2025-03-06 08:30", "2025-03-06 09:30"), NEW_YORK)
    assert outside_working_hours(span("2025-03-08 10:00", "2025-03-08 11:00"), NEW_YORK)
    assert not outside_working_hours(span("2025-03-06 16:30", "2025-03-06 17:00"), NEW_YORK)


class TestBadInput:
    def test_naive_interval(self) -> None:
        with pytest.raises(ValidationError, match="timezone-aware"):
            Interval(start=datetime(2025, 3, 6, 9), end=datetime(2025, 3, 6, 10))

    def test_backwards_interval(self) -> None:
        with pytest.raises(ValidationError, match="before it starts"):
            span("2025-03-06 10:00", "2025-03-06 09:00")

    def test_backwards_working_hours(self) -> None:
        with pytest.raises(ValidationError, match="end after they start"):
            WorkingHours(start=time(17), end=time(9))

    def test_zero_duration(self) -> None:
        with pytest.raises(ValueError, match="positive"):
            suggest_slots({}, THURSDAY, timedelta(0), NEW_YORK)

    def test_unknown_zone(self) -> None:
        with pytest.raises(ValueError, match="unknown time zone"):
            suggest_slots({}, THURSDAY, timedelta(minutes=30), "Atlantis/Capital")
