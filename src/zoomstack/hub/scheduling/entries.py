"""What a calendar shows for a span of time: one entry per occurrence, events and meetings alike."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..db.calendar_models import CalendarEvent
from .model import Attendee
from .series import expand


class Entry(BaseModel):
    """One occurrence on someone's calendar: an event, or a Zoom meeting."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["event", "meeting"]
    id: str
    user_id: str
    source: str
    title: str
    start: datetime
    end: datetime
    all_day: bool = False
    busy: bool = True
    recurring: bool = False
    location: str = ""
    attendees: tuple[Attendee, ...] = Field(default_factory=tuple)
    meeting_id: str | None = None
    join_url: str | None = None
    status: str | None = None

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


def _entry(row: CalendarEvent, start: datetime, end: datetime) -> Entry:
    return Entry(
        kind="event",
        id=row.id,
        user_id=row.user_id,
        source=row.source,
        title=row.title,
        start=start,
        end=end,
        all_day=row.all_day,
        busy=row.busy,
        recurring=bool(row.rrule),
        location=row.location,
        attendees=tuple(Attendee.model_validate(a) for a in row.attendees),
        meeting_id=row.meeting_id,
        join_url=row.join_url,
    )


def _moved(rows: Iterable[CalendarEvent]) -> dict[tuple[str, str], list[datetime]]:
    """The original starts of occurrences that were moved, per series."""
    moved: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    for row in rows:
        if row.recurrence_id:
            moved[(row.user_id, row.uid)].append(datetime.fromisoformat(row.recurrence_id))
    return moved


def _occurrences(
    row: CalendarEvent, within: tuple[datetime, datetime], moved: list[datetime]
) -> Iterator[Entry]:
    if not row.rrule:
        if row.start_at < within[1] and (row.end_at > within[0] or row.start_at >= within[0]):
            yield _entry(row, row.start_at, row.end_at)
        return
    skip = [datetime.fromisoformat(value) for value in row.exdates] + moved
    for start, end in expand(
        row.rrule, row.start_at, row.end_at, row.timezone, within=within, skip=skip
    ):
        yield _entry(row, start, end)


def event_entries(rows: Sequence[CalendarEvent], start: datetime, end: datetime) -> list[Entry]:
    """The occurrences of `rows` inside [start, end), series expanded, earliest first."""
    within = (start.astimezone(UTC), end.astimezone(UTC))
    moved = _moved(rows)
    found = [
        entry
        for row in rows
        for entry in _occurrences(row, within, moved.get((row.user_id, row.uid), []))
    ]
    return sorted(found, key=lambda e: (e.start, e.end, e.id))
