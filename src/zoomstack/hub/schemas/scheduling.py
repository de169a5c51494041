"""Schemas of the scheduling API: calendar view, plain-language scheduling, meetings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pydantic import BaseModel

from ..scheduling.entries import Entry
from ..scheduling.zones import zone_named
from .calendar import localize

MAX_VIEW_DAYS = 366


def day_or_time(value: str, tz: str, *, end: bool) -> datetime:
    """'2025-03-06' (the whole day: its start, or for an end the next midnight) or an ISO
    datetime (without an offset: in `tz`)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return localize(datetime.fromisoformat(value), tz)
    if end:
        day += timedelta(days=1)
    return datetime.combine(day, time(), tzinfo=zone_named(tz))


class CalendarView(BaseModel):
    start: datetime
    end: datetime
    timezone: str
    entries: list[Entry]
