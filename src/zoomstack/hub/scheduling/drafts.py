"""An event as the calendar takes it in and hands it out, apart from its table row."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..db.calendar_models import CalendarEvent
from .model import Attendee


class EventDraft(BaseModel):
    """One event or series: times are aware; `timezone` is the zone it repeats in."""

    model_config = ConfigDict(frozen=True)

    uid: str = Field(min_length=1, max_length=255)
    recurrence_id: str = ""
    title: str = ""
    description: str = ""
    location: str = ""
    start: datetime
    end: datetime
    all_day: bool = False
    timezone: str = "UTC"
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    organizer: str = ""
    busy: bool = True
    url: str | None = None

    @model_validator(mode="after")
    def _check(self) -> EventDraft:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("event times must carry a time zone")
        if self.end < self.start:
            raise ValueError("an event cannot end before it starts")
        return self


def draft_of(row: CalendarEvent) -> EventDraft:
    return EventDraft(
        uid=row.uid,
        recurrence_id=row.recurrence_id,
        title=row.title,
        description=row.description,
        location=row.location,
        start=row.start_at,
        end=row.end_at,
        all_day=row.all_day,
        timezone=row.timezone,
        rrule=row.rrule,
        exdates=tuple(datetime.fromisoformat(value) for value in row.exdates),
        attendees=tuple(Attendee.model_validate(a) for a in row.attendees),
        organizer=row.organizer,
        busy=row.busy,
        url=row.join_url,
    )


def attendee_dicts(attendees: tuple[Attendee, ...]) -> list[dict[str, str]]:
    return [a.model_dump(exclude_none=True) for a in attendees]
