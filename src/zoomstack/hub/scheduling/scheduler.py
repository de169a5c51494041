"""Scheduling a meeting from a request: read it, look at everyone's time, propose, book.

A request books by itself when its best proposal is sure enough (AUTO_BOOK) and nothing
needs asking, or when the caller says `book`; an asked-for time that clashes with someone's
calendar is a 409 listing the clashes (and free alternatives) unless `force` is set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ...zoom import ZoomClient
from ..auth.zoom_connect import ZoomNotConnected
from ..db.calendar_models import CalendarEvent
from ..db.meeting_models import Meeting
from ..db.models import User
from ..errors import Conflict, Unprocessable
from ..realtime import Realtime
from .availability import Availability, look_up
from .booking import Booker, Booking, book
from .kinds import meeting_kind, meeting_settings
from .model import Attendee, When
from .planner import (
    AUTO_BOOK,
    Plan,
    Proposal,
    busy_span,
    duration_of,
    merge_attendees,
    propose,
    topic_of,
)
from .series import normalize_rule
from .slots import Interval, WorkingHours, suggest_slots
from .when import parse_when
from .zones import zone_named

Status = Literal["booked", "proposed", "needs_clarification"]
QUICK_CANDIDATES = 20


@dataclass(frozen=True, slots=True)
class Scheduler:
    """One user's way to schedule: their session, and Zoom when it is connected
    (`own_zoom`: the hub acts as them in Zoom, so their Zoom meetings count as busy)."""

    session: AsyncSession
    user: User
    realtime: Realtime
    zoom: ZoomClient | None = None
    own_zoom: bool = False

    def booker(self) -> Booker:
        if self.zoom is None:
            raise ZoomNotConnected()
        return Booker(self.session, self.zoom, self.realtime, self.user)

    async def availability(
        self, emails: Sequence[str], start: datetime, end: datetime
    ) -> Availability:
        return await look_up(
            self.session,
            organizer=self.user,
            attendees=emails,
            start=start,
            end=end,
            zoom=self.zoom,
            own_zoom=self.own_zoom,
        )


@dataclass(frozen=True, slots=True)
class Request:
    text: str
    timezone: str
    now: datetime
    participants: Sequence[str] = ()
    duration_hint: int | None = None
    topic: str | None = None
    agenda: str = ""
    start_time: datetime | None = None
    book: bool | None = None
    force: bool = False
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Outcome:
    status: Status
    plan: Plan
    kind: str
    settings: dict[str, Any]
    meeting: Meeting | None = None
    event: CalendarEvent | None = None


def emails_of(attendees: Sequence[Attendee]) -> list[str]:
    return [a.email for a in attendees if a.email]


async def _hub_user_named(session: AsyncSession, name: str) -> User | None:
    """The one hub user whose full name (or first name) is `name`, if exactly one."""
    lowered = name.lower()
    first_name = re.sub(r"([/%_])", r"/\1", lowered) + " %"  # LIKE wildcards taken literally
    query = select(User).where(
        User.is_active.is_(True),
        or_(
            func.lower(User.full_name) == lowered,
            func.lower(User.full_name).like(first_name, escape="/"),
        ),
    )
    found = list(await session.scalars(query.limit(2)))
    return found[0] if len(found) == 1 else None


async def resolve_names(session: AsyncSession, attendees: Sequence[Attendee]) -> list[Attendee]:
    """Invitees named without an email get the email of the hub user of that name."""
    resolved = []
    for person in attendees:
        user = (
            await _hub_user_named(session, person.name)
            if person.name and not person.email
            else None
        )
        resolved.append(Attendee(name=person.name, email=user.email.lower()) if user else person)
    return resolved


def _parsed(request: Request) -> When | None:
    return parse_when(request.text, request.now, request.timezone) if request.text.strip() else None


def _asked_start(request: Request, when: When | None) -> tuple[datetime | None, float]:
    """The exact time asked for, and how sure that reading is."""
    if request.start_time is not None:
        moment = request.start_time
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone_named(request.timezone))
        return moment, 1.0
    if when is not None and when.start is not None and not when.ambiguous:
        return when.start, when.confidence
    return None, 0.0


async def plan_meeting(scheduler: Scheduler, request: Request) -> tuple[Plan, datetime | None]:
    """The plan for a request, its proposals filled from everyone's busy time."""
    when = _parsed(request)
    found = when.attendees if when is not None else []
    attendees = await resolve_names(scheduler.session, merge_attendees(found, request.participants))
    plan = Plan(
        topic=topic_of(request.topic, when, attendees),
        duration=duration_of(request.duration_hint, when),
        timezone=request.timezone,
        attendees=attendees,
        rrule=normalize_rule(when.rrule, request.timezone) if when and when.rrule else None,
        when=when,
    )
    start, certainty = _asked_start(request, when)
    first, last = busy_span(when, request.now, start)
    free = await scheduler.availability(emails_of(attendees), first, last)
    plan.checked = dict(free.checked)
    propose(plan, free, request.now, start, certainty)
    return plan, start


def _wants_booking(request: Request, plan: Plan) -> bool:
    if request.book is not None:
        return request.book
    return plan.question is None and plan.confidence >= AUTO_BOOK


async def schedule(scheduler: Scheduler, request: Request) -> Outcome:
    plan, start = await plan_meeting(scheduler, request)
    if start is not None and start < request.now and request.book is not False:
        local = start.astimezone(zone_named(request.timezone))
        raise Unprocessable(f"{local:%a %b %d %I:%M %p} has already passed: ask for a later time.")
    kind = meeting_kind(plan.topic, scheduler.user.email, plan.attendees)
    settings = meeting_settings(kind, plan.attendees, request.settings)
    target = plan.best
    if not _wants_booking(request, plan):
        status: Status = "needs_clarification" if plan.question else "proposed"
        return Outcome(status, plan, kind, settings)
    if target is None:
        raise Conflict("Nobody is free together in that time: nothing was booked.")
    booking = Booking(
        start=target.start.astimezone(zone_named(plan.timezone)),
        duration=plan.duration,
        timezone=plan.timezone,
        topic=plan.topic,
        attendees=plan.attendees,
        settings=settings,
        agenda=request.agenda,
        rrule=plan.rrule,
    )
    meeting, event = await book(
        scheduler.booker(),
        booking,
        conflicts=target.conflicts,
        alternatives=plan.proposals[1:],
        force=request.force,
    )
    return Outcome("booked", plan, kind, settings, meeting, event)


@dataclass(frozen=True, slots=True)
class QuickRequest:
    timezone: str
    now: datetime
    duration: int = 30
    topic: str = "Quick meeting"
    participants: Sequence[str] = ()
    agenda: str = ""
    within_days: int = 7
    working_hours_only: bool = True
    settings: dict[str, Any] = field(default_factory=dict)


ANY_TIME = WorkingHours(start=time(0), end=time(23, 59), days=frozenset(range(7)))


async def quick_schedule(scheduler: Scheduler, request: QuickRequest) -> Outcome:
    """Book the earliest time everyone is free, from `now` on."""
    attendees = [Attendee(email=e.lower()) for e in dict.fromkeys(request.participants)]
    plan = Plan(request.topic, request.duration, request.timezone, attendees)
    first = request.now
    last = first + timedelta(days=request.within_days)
    free = await scheduler.availability(emails_of(attendees), first, last)
    plan.checked = dict(free.checked)
    hours = WorkingHours() if request.working_hours_only else ANY_TIME
    slots = suggest_slots(
        free.intervals(),
        Interval(start=first, end=last),
        plan.length,
        request.timezone,
        hours,
        preferred=first,
        limit=QUICK_CANDIDATES,
    )
    if not slots:
        raise Conflict(f"Nobody is free together in the next {request.within_days} days.")
    slot = min(slots, key=lambda s: s.start)
    plan.proposals = [Proposal(slot.start, slot.end, 1.0)]
    kind = meeting_kind(plan.topic, scheduler.user.email, attendees)
    settings = meeting_settings(kind, attendees, request.settings)
    booking = Booking(
        start=slot.start.astimezone(zone_named(request.timezone)),
        duration=request.duration,
        timezone=request.timezone,
        topic=request.topic,
        attendees=attendees,
        settings=settings,
        agenda=request.agenda,
    )
    meeting, event = await book(scheduler.booker(), booking, conflicts=(), force=False)
    return Outcome("booked", plan, kind, settings, meeting, event)
