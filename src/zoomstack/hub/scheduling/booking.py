"""Booking, moving and cancelling meetings for the scheduler.

The Zoom side and the hub's copy go through the meetings service (`hub.meetings.actions`);
this adds what scheduling owns: the check for conflicts, the settings the meeting's kind
wants, and the meeting's calendar entry with its attendees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ...zoom import ZoomClient
from ..db.calendar_models import CalendarEvent, EventSource
from ..db.meeting_models import Meeting
from ..db.models import User
from ..errors import Conflict, Unprocessable
from ..meetings import actions
from ..realtime import Realtime
from . import calendar
from .availability import Busy
from .drafts import EventDraft
from .model import Attendee
from .planner import Proposal, details
from .series import normalize_rule
from .zoom_recurrence import NoZoomForm, to_zoom

RECURRING, SCHEDULED = 8, 2


class ScheduleConflict(Conflict):
    """409: the time clashes with someone's calendar; `details` lists what, and what is free."""

    def __init__(self, conflicts: Sequence[Busy], alternatives: Sequence[Proposal] = ()) -> None:
        self.conflicts = list(conflicts)
        self.alternatives = list(alternatives)
        people = sorted({b.attendee for b in conflicts})
        super().__init__(
            f"The time conflicts with {len(conflicts)} calendar entr"
            f"{'y' if len(conflicts) == 1 else 'ies'} ({', '.join(people)}); "
            "send force=true to book it anyway.",
            {
                "conflicts": [_json(details(b)) for b in conflicts],
                "alternatives": [_json(proposal_details(p)) for p in alternatives],
            },
        )


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


def proposal_details(proposal: Proposal) -> dict[str, Any]:
    return {
        "start": proposal.start,
        "end": proposal.end,
        "confidence": proposal.confidence,
        "conflicts": [details(b) for b in proposal.conflicts],
    }


@dataclass(frozen=True, slots=True)
class Booker:
    """What changing a user's meetings needs: their session, Zoom client and live channel."""

    session: AsyncSession
    zoom: ZoomClient
    realtime: Realtime
    user: User


@dataclass(frozen=True, slots=True)
class Booking:
    """A meeting to book: when, what, who, how it repeats, and Zoom's settings for it."""

    start: datetime
    duration: int
    timezone: str
    topic: str
    attendees: Sequence[Attendee]
    settings: dict[str, Any]
    agenda: str = ""
    rrule: str | None = None


def zoom_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def zoom_body(booking: Booking) -> dict[str, Any]:
    """Zoom's meeting create body; a rule Zoom cannot repeat by is a 422."""
    body: dict[str, Any] = {
        "topic": booking.topic[:200],
        "type": SCHEDULED,
        "start_time": zoom_time(booking.start),
        "duration": booking.duration,
        "timezone": booking.timezone,
        "agenda": booking.agenda,
        "settings": booking.settings,
    }
    if booking.rrule:
        try:
            body["recurrence"] = to_zoom(booking.rrule, booking.start, booking.timezone)
        except NoZoomForm as exc:
            raise Unprocessable(f"Zoom cannot book this recurrence: {exc}.") from exc
        body["type"] = RECURRING
    return body


def entry_draft(booking: Booking, meeting: Meeting, organizer: str, uid: str) -> EventDraft:
    rule = normalize_rule(booking.rrule, booking.timezone) if booking.rrule else None
    return EventDraft(
        uid=uid,
        title=booking.topic,
        description=booking.agenda,
        location=meeting.join_url,
        start=booking.start,
        end=booking.start + timedelta(minutes=booking.duration),
        timezone=booking.timezone,
        rrule=rule,
        attendees=tuple(booking.attendees),
        organizer=organizer,
        url=meeting.join_url or None,
    )


def zoom_uid(zoom_id: str) -> str:
    return f"zoom-{zoom_id}@zoomstack.hub"


def check(conflicts: Sequence[Busy], alternatives: Sequence[Proposal], force: bool) -> None:
    """Every booking and change passes here: conflicts are a 409 unless forced."""
    if conflicts and not force:
        raise ScheduleConflict(conflicts, [p for p in alternatives if not p.conflicts])


async def book(
    ctx: Booker,
    booking: Booking,
    *,
    conflicts: Sequence[Busy],
    alternatives: Sequence[Proposal] = (),
    force: bool,
) -> tuple[Meeting, CalendarEvent]:
    """Create the meeting in Zoom and the hub, and its calendar entry; 409 on conflicts."""
    check(conflicts, alternatives, force)
    # Read before the meeting is saved: when Zoom's webhook for it wins the race to
    # insert the row, the save rolls back, which expires the session's objects (the
    # user too, and an expired attribute cannot load lazily under asyncio).
    user_id, email = ctx.user.id, ctx.user.email
    meeting = await actions.create_meeting(
        ctx.session,
        zoom=ctx.zoom,
        realtime=ctx.realtime,
        user_id=user_id,
        body=zoom_body(booking),
    )
    draft = entry_draft(booking, meeting, email, zoom_uid(meeting.zoom_id))
    event = await calendar.add_event(
        ctx.session,
        user_id=user_id,
        draft=draft,
        source=EventSource.zoom,
        meeting_id=meeting.zoom_id,
    )
    return meeting, event


async def change(
    ctx: Booker,
    meeting: Meeting,
    booking: Booking,
    changes: dict[str, Any],
    *,
    conflicts: Sequence[Busy],
    alternatives: Sequence[Proposal] = (),
    force: bool,
) -> tuple[Meeting, CalendarEvent]:
    """Apply `changes` (Zoom's names) to the meeting, then write its calendar entry anew."""
    check(conflicts, alternatives, force)
    meeting = await actions.update_meeting(
        ctx.session, zoom=ctx.zoom, realtime=ctx.realtime, meeting=meeting, changes=changes
    )
    return meeting, await _write_entry(ctx, meeting, booking)


async def _write_entry(ctx: Booker, meeting: Meeting, booking: Booking) -> CalendarEvent:
    found = await calendar.event_for_meeting(
        ctx.session, user_id=ctx.user.id, meeting_id=meeting.zoom_id
    )
    uid = found.uid if found else zoom_uid(meeting.zoom_id)
    draft = entry_draft(booking, meeting, ctx.user.email, uid)
    if found is None:
        return await calendar.add_event(
            ctx.session,
            user_id=ctx.user.id,
            draft=draft,
            source=EventSource.zoom,
            meeting_id=meeting.zoom_id,
        )
    return await calendar.replace_event(
        ctx.session, user_id=ctx.user.id, event_id=found.id, draft=draft
    )


async def cancel(ctx: Booker, meeting: Meeting) -> None:
    """Cancel in Zoom (the hub keeps the copy as deleted) and take it off the calendar."""
    await actions.cancel_meeting(ctx.session, zoom=ctx.zoom, realtime=ctx.realtime, meeting=meeting)
    found = await calendar.event_for_meeting(
        ctx.session, user_id=ctx.user.id, meeting_id=meeting.zoom_id
    )
    if found is not None:
        await calendar.delete_event(ctx.session, user_id=ctx.user.id, event_id=found.id)
