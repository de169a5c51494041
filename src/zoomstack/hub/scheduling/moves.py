"""Changing a booked meeting: new time, length, people or topic, checked like a new booking.

A change of time, length or people is checked against everyone's calendar (the meeting
itself left out, so moving it by ten minutes does not clash with itself); a change of
topic or agenda alone is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..db.calendar_models import CalendarEvent
from ..db.meeting_models import Meeting
from ..errors import Unprocessable
from . import calendar
from .agenda import RECURRING
from .availability import Busy
from .booking import Booking, change, zoom_time
from .drafts import draft_of
from .model import Attendee
from .planner import Plan, Proposal, busy_span, propose
from .scheduler import Scheduler, emails_of
from .zones import zone_named
from .zoom_recurrence import from_zoom


@dataclass(frozen=True, slots=True)
class Change:
    topic: str | None = None
    start: datetime | None = None
    duration: int | None = None
    timezone: str | None = None
    agenda: str | None = None
    participants: Sequence[str] | None = None
    settings: dict[str, Any] | None = None
    force: bool = False

    @property
    def moves(self) -> bool:
        """Whether it changes who is busy when."""
        return self.start is not None or self.duration is not None or self.participants is not None


def _attendees(entry: CalendarEvent | None, asked: Sequence[str] | None) -> list[Attendee]:
    if asked is not None:
        return [Attendee(email=e.lower()) for e in dict.fromkeys(asked)]
    return list(draft_of(entry).attendees) if entry is not None else []


def _rule(meeting: Meeting, entry: CalendarEvent | None) -> str | None:
    if entry is not None and entry.rrule:
        return entry.rrule
    if meeting.type == RECURRING:
        return from_zoom(meeting.zoom.get("recurrence") or {})
    return None


def new_booking(meeting: Meeting, entry: CalendarEvent | None, asked: Change) -> Booking:
    """The meeting as it will be after the change."""
    tz = asked.timezone or meeting.timezone or "UTC"
    start = asked.start or meeting.start_time
    if start is None:
        raise Unprocessable("This meeting has no set time; give start_time.")
    if start.tzinfo is None:
        start = start.replace(tzinfo=zone_named(tz))
    return Booking(
        start=start.astimezone(zone_named(tz)),
        duration=asked.duration or meeting.duration or 30,
        timezone=tz,
        topic=asked.topic or meeting.topic,
        attendees=_attendees(entry, asked.participants),
        settings={},
        agenda=meeting.agenda if asked.agenda is None else asked.agenda,
        rrule=_rule(meeting, entry),
    )


def zoom_changes(asked: Change, booking: Booking) -> dict[str, Any]:
    """What Zoom is told, in its names: only what the change names."""
    changes: dict[str, Any] = {}
    if asked.topic is not None:
        changes["topic"] = booking.topic[:200]
    if asked.agenda is not None:
        changes["agenda"] = booking.agenda
    if asked.start is not None or asked.timezone is not None:
        changes["start_time"] = zoom_time(booking.start)
        changes["timezone"] = booking.timezone
    if asked.duration is not None:
        changes["duration"] = booking.duration
    settings = dict(asked.settings or {})
    if asked.participants is not None:
        settings["meeting_invitees"] = [{"email": a.email} for a in booking.attendees if a.email]
    if settings:
        changes["settings"] = settings
    return changes


async def change_meeting(
    scheduler: Scheduler, meeting: Meeting, asked: Change, now: datetime
) -> tuple[Meeting, CalendarEvent]:
    """Change the meeting in Zoom and the hub and rewrite its calendar entry; a change of
    time or people that clashes is a 409 unless `force` (alternatives in its details)."""
    entry = await calendar.event_for_meeting(
        scheduler.session, user_id=scheduler.user.id, meeting_id=meeting.zoom_id
    )
    booking = new_booking(meeting, entry, asked)
    conflicts: Sequence[Busy] = ()
    alternatives: list[Proposal] = []
    if asked.moves:
        plan = Plan(
            booking.topic,
            booking.duration,
            booking.timezone,
            list(booking.attendees),
            booking.rrule,
        )
        first, last = busy_span(None, now, booking.start)
        free = await scheduler.availability(emails_of(booking.attendees), first, last)
        propose(plan, free.without(meeting.zoom_id), now, booking.start, 1.0)
        conflicts, alternatives = plan.proposals[0].conflicts, plan.proposals[1:]
    return await change(
        scheduler.booker(),
        meeting,
        booking,
        zoom_changes(asked, booking),
        conflicts=conflicts,
        alternatives=alternatives,
        force=asked.force,
    )
