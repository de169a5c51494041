"""Conflicts and free slots, from busy intervals per attendee, working hours and a time zone.

Pure functions: the hub feeds them what calendars and meetings say is busy. Working hours are
wall-clock times in the zone, so a working day keeps 9 to 5 across daylight saving changes;
stepping and lengths are real time.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .resolve import aware, later
from .zones import zone_named


class Interval(BaseModel):
    """A span of time between two aware datetimes, end after start."""

    model_config = ConfigDict(frozen=True)

    start: datetime
    end: datetime

    @model_validator(mode="after")
    def _check(self) -> Interval:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("interval times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError(
                f"interval ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})"
            )
        return self

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


class WorkingHours(BaseModel):
    """When meetings may be put: from `start` to `end` on `days` (0 is Monday)."""

    model_config = ConfigDict(frozen=True)

    start: time = time(9)
    end: time = time(17)
    days: frozenset[int] = frozenset(range(5))

    @model_validator(mode="after")
    def _check(self) -> WorkingHours:
        if self.end <= self.start:
            raise ValueError("working hours must end after they start")
        if not self.days <= set(range(7)):
            raise ValueError("working days are numbers 0 (Monday) to 6 (Sunday)")
        return self


class Conflict(BaseModel):
    """An attendee's busy interval that overlaps a proposed one."""

    model_config = ConfigDict(frozen=True)

    attendee: str
    busy: Interval


class Slot(BaseModel):
    """A free slot for everyone; `confidence` says how good a pick it is (0..1)."""

    model_config = ConfigDict(frozen=True)

    start: datetime
    end: datetime
    confidence: float = Field(ge=0.0, le=1.0)


Busy = Mapping[str, Sequence[Interval]]


def find_conflicts(proposed: Interval, busy: Busy) -> list[Conflict]:
    """Every attendee's busy interval that overlaps `proposed`, earliest first."""
    found = [
        Conflict(attendee=who, busy=b)
        for who, spans in busy.items()
        for b in spans
        if b.overlaps(proposed)
    ]
    return sorted(found, key=lambda c: (c.busy.start, c.attendee))


def outside_working_hours(proposed: Interval, tz: str, hours: WorkingHours | None = None) -> bool:
    """Whether `proposed` leaves the working hours of the day it starts on, in `tz`."""
    hours = hours or WorkingHours()
    zone = zone_named(tz)
    day = proposed.start.astimezone(zone).date()
    if day.weekday() not in hours.days:
        return True
    return proposed.start < aware(day, hours.start, zone) or proposed.end > aware(
        day, hours.end, zone
    )


def _merged(busy: Busy) -> list[Interval]:
    spans = sorted((b for spans in busy.values() for b in spans), key=lambda b: b.start)
    merged: list[Interval] = []
    for span in spans:
        if merged and span.start <= merged[-1].end:
            merged[-1] = Interval(start=merged[-1].start, end=max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def _in_zone(span: Interval, zone: ZoneInfo) -> Interval:
    return Interval(start=span.start.astimezone(zone), end=span.end.astimezone(zone))


def _working_spans(within: Interval, zone: ZoneInfo, hours: WorkingHours) -> Iterator[Interval]:
    day: date = within.start.date()
    while aware(day, time(), zone) < within.end:
        if day.weekday() in hours.days:
            start = max(aware(day, hours.start, zone), within.start)
            end = min(aware(day, hours.end, zone), within.end)
            if end > start:
                yield Interval(start=start, end=end)
        day += timedelta(days=1)


def _free_gaps(span: Interval, merged: list[Interval]) -> Iterator[Interval]:
    cursor = span.start
    for busy in merged:
        if busy.end <= cursor or busy.start >= span.end:
            continue
        if busy.start > cursor:
            yield Interval(start=cursor, end=busy.start)
        cursor = max(cursor, busy.end)
    if cursor < span.end:
        yield Interval(start=cursor, end=span.end)


def _aligned(moment: datetime, step: timedelta) -> datetime:
    """The first local wall-clock multiple of `step` (from midnight) at or after `moment`."""
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    steps = math.ceil((moment - midnight) / step)
    return (midnight + steps * step).astimezone(UTC).astimezone(moment.tzinfo)


def _starts(gap: Interval, length: timedelta, step: timedelta) -> Iterator[datetime]:
    start = _aligned(gap.start, step)
    while later(start, length) <= gap.end:
        yield start
        start = later(start, step)


def _score(slot: Interval, gap: Interval, target: datetime, hours: WorkingHours) -> float:
    """Near the wanted time counts most, then room around it, then the middle of the day."""
    hours_away = abs((slot.start - target).total_seconds()) / 3600
    nearness = 1 / (1 + hours_away / 8)
    before = min((slot.start - gap.start).total_seconds() / 1800, 1.0)
    after = min((gap.end - slot.end).total_seconds() / 1800, 1.0)
    day = slot.start.date()
    core_begins = datetime.combine(day, hours.start) + timedelta(hours=1)
    core_ends = datetime.combine(day, hours.end) - timedelta(hours=1)
    middle = 1.0 if core_begins <= slot.start.replace(tzinfo=None) <= core_ends else 0.5
    return round(0.55 * nearness + 0.3 * (before + after) / 2 + 0.15 * middle, 3)


def _slots_in(
    gap: Interval, length: timedelta, step: timedelta, target: datetime, hours: WorkingHours
) -> Iterator[Slot]:
    for start in _starts(gap, length, step):
        slot = Interval(start=start, end=later(start, length))
        yield Slot(start=slot.start, end=slot.end, confidence=_score(slot, gap, target, hours))


def suggest_slots(
    busy: Busy,
    within: Interval,
    duration: timedelta,
    tz: str,
    hours: WorkingHours | None = None,
    *,
    preferred: datetime | None = None,
    step: timedelta = timedelta(minutes=15),
    limit: int = 5,
) -> list[Slot]:
    """Up to `limit` non-overlapping slots of `duration` inside `within` and the working hours
    (in `tz`) where nobody in `busy` is busy, best first (near `preferred`, or early)."""
    if duration <= timedelta(0) or step <= timedelta(0):
        raise ValueError("duration and step must be positive")
    zone = zone_named(tz)
    hours = hours or WorkingHours()
    target = preferred or within.start
    merged = [_in_zone(b, zone) for b in _merged(busy)]
    candidates = [
        slot
        for span in _working_spans(_in_zone(within, zone), zone, hours)
        for gap in _free_gaps(span, merged)
        for slot in _slots_in(gap, duration, step, target, hours)
    ]
    return _best(candidates, limit)


def _best(scored: list[Slot], limit: int) -> list[Slot]:
    """The best slots that do not overlap one another."""
    chosen: list[Slot] = []
    for slot in sorted(scored, key=lambda s: (-s.confidence, s.start)):
        if len(chosen) == limit:
            break
        if all(slot.end <= c.start or slot.start >= c.end for c in chosen):
            chosen.append(slot)
    return chosen
