"""Geometry of the dashboard's pictures: the calendar's week grid and the
speaking-time chart. Pure functions of the data, so both are easy to test."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..scheduling.zones import zone_named

FIRST_HOUR = 8
LAST_HOUR = 19


@dataclass(frozen=True, slots=True)
class Block:
    """Something on the calendar: a meeting (with its id) or an event."""

    title: str
    start: datetime
    end: datetime
    meeting_id: str | None = None
    status: str | None = None


@dataclass(slots=True)
class Placed:
    block: Block
    top: float  # percent of the day's visible hours
    height: float
    start_label: str
    end_label: str


@dataclass(slots=True)
class Day:
    day: date
    today: bool
    placed: list[Placed] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.day.strftime("%a %d")


@dataclass(slots=True)
class Week:
    start: date
    days: list[Day]
    hours: list[int]

    @property
    def previous(self) -> date:
        return self.start - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.start + timedelta(days=7)

    @property
    def title(self) -> str:
        last = self.start + timedelta(days=6)
        return f"{self.start:%d %b} to {last:%d %b %Y}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _hours(blocks: Iterable[Block], tz: str) -> tuple[int, int]:
    """The hours shown: working hours, widened to fit everything in the week."""
    zone = zone_named(tz)
    first, last = FIRST_HOUR, LAST_HOUR
    for block in blocks:
        start, end = block.start.astimezone(zone), block.end.astimezone(zone)
        first = min(first, start.hour)
        ends_on_next_day = end.date() > start.date()
        last = max(last, 23 if ends_on_next_day else end.hour + (1 if end.minute else 0) - 1)
    return first, min(last + 1, 23)


def _place(block: Block, first: int, span_hours: int, tz: str) -> Placed:
    zone = zone_named(tz)
    start, end = block.start.astimezone(zone), block.end.astimezone(zone)
    offset = (start.hour - first) * 60 + start.minute
    length = max(15.0, (end - start).total_seconds() / 60)
    total = span_hours * 60
    top = max(0.0, min(100.0, offset / total * 100))
    height = max(2.5, min(100.0 - top, length / total * 100))
    return Placed(block, round(top, 2), round(height, 2), f"{start:%H:%M}", f"{end:%H:%M}")


def week_layout(blocks: Sequence[Block], start: date, tz: str, today: date) -> Week:
    """The week from `start` (a Monday) with each block placed on its day."""
    first, last = _hours(blocks, tz)
    span = last - first + 1
    zone = zone_named(tz)
    days = [Day(start + timedelta(days=n), start + timedelta(days=n) == today) for n in range(7)]
    for block in sorted(blocks, key=lambda b: b.start):
        index = (block.start.astimezone(zone).date() - start).days
        if 0 <= index < 7:
            days[index].placed.append(_place(block, first, span, tz))
    return Week(start, days, list(range(first, last + 1)))


@dataclass(frozen=True, slots=True)
class Bar:
    speaker: str
    seconds: float
    share: float
    width: float  # percent of the longest bar


def speaking_bars(participants: Sequence[dict[str, Any]]) -> list[Bar]:
    """One bar per speaker, longest first, scaled to the longest."""
    rows = sorted(participants, key=lambda p: float(p.get("speaking_seconds") or 0), reverse=True)
    longest = max((float(p.get("speaking_seconds") or 0) for p in rows), default=0.0) or 1.0
    return [
        Bar(
            speaker=str(p.get("speaker") or "Unknown"),
            seconds=float(p.get("speaking_seconds") or 0),
            share=float(p.get("speaking_share") or 0),
            width=round(float(p.get("speaking_seconds") or 0) / longest * 100, 2),
        )
        for p in rows
    ]
