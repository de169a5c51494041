"""Scheduling: plain-language and quick booking, the calendar view, and meetings with
conflict checks (`/api/zoom/enhanced/meetings/...`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response, status

from ..auth.zoom_connect import USER_OAUTH
from ..db.meeting_models import Meeting
from ..deps import CurrentUser, RealtimeDep, SessionDep, ZoomDep
from ..errors import BadRequest, Unprocessable
from ..meetings import actions, store
from ..scheduling import booking, calendar
from ..scheduling import scheduler as scheduler_service
from ..scheduling.agenda import calendar_entries
from ..scheduling.drafts import draft_of
from ..scheduling.model import WhenInputError
from ..scheduling.moves import Change, change_meeting
from ..scheduling.scheduler import Outcome, QuickRequest, Request, Scheduler
from ..scheduling.zones import zone_named
from ..schemas.calendar import check_zone, localize
from ..schemas.meetings import MeetingPublic
from ..schemas.scheduling import (
    MAX_VIEW_DAYS,
    CalendarView,
    MeetingChange,
    ProposalPublic,
    QuickScheduleRequest,
    ScheduleAnswer,
    ScheduledMeeting,
    ScheduleRequest,
    day_or_time,
)

router = APIRouter(prefix="/api/zoom/enhanced/meetings", tags=["scheduling"])

DayOrTime = Annotated[
    str | None, Query(max_length=40, description="YYYY-MM-DD (whole day) or an ISO datetime")
]


def _zone(timezone: str) -> str:
    try:
        return check_zone(timezone)
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc


def _span(start_date: str | None, end_date: str | None, tz: str) -> tuple[datetime, datetime]:
    try:
        start = (
            day_or_time(start_date, tz, end=False)
            if start_date
            else datetime.now(zone_named(tz)).replace(hour=0, minute=0, second=0, microsecond=0)
        )
        end = day_or_time(end_date, tz, end=True) if end_date else start + timedelta(days=7)
    except ValueError as exc:
        raise BadRequest(f"start_date and end_date are dates or ISO datetimes: {exc}") from exc
    if end <= start:
        raise BadRequest("end_date must not be before start_date.")
    if end - start > timedelta(days=MAX_VIEW_DAYS):
        raise BadRequest(f"A calendar view covers at most {MAX_VIEW_DAYS} days.")
    return start, end


@router.get("/calendar", response_model=CalendarView)
async def calendar_view(
    user: CurrentUser,
    session: SessionDep,
    start_date: DayOrTime = None,
    end_date: DayOrTime = None,
    timezone: Annotated[str, Query(max_length=64)] = "UTC",
) -> CalendarView:
    """Events (hub, imported, Zoom) and meetings between the dates, occurrences expanded."""
    tz = _zone(timezone)
    start, end = _span(start_date, end_date, tz)
    entries = await calendar_entries(session, user_ids=[user.id], start=start, end=end)
    zone = zone_named(tz)
    shown = [
        e.model_copy(update={"start": e.start.astimezone(zone), "end": e.end.astimezone(zone)})
        for e in entries
    ]
    return CalendarView(start=start, end=end, timezone=tz, entries=shown)


async def get_scheduler(
    user: CurrentUser, session: SessionDep, zoom: ZoomDep, realtime: RealtimeDep
) -> Scheduler:
    """The user's scheduler: Zoom when it is connected (for busy time, and to book)."""
    connection = await zoom.connection(session, user_id=user.id)
    client = await zoom.client(user.id) if connection.connected else None
    return Scheduler(session, user, realtime, client, connection.mode == USER_OAUTH)


SchedulerDep = Annotated[Scheduler, Depends(get_scheduler)]
MeetingId = Annotated[str, Path(pattern=r"^\d{1,20}$", description="Zoom's meeting id")]


def request_now(value: datetime | None, tz: str) -> datetime:
    """The moment a request is read at: as sent (without an offset: in `tz`), or now."""
    return localize(value, tz) if value is not None else datetime.now(zone_named(tz))


def _answer(outcome: Outcome) -> ScheduleAnswer:
    plan = outcome.plan
    return ScheduleAnswer(
        status=outcome.status,
        confidence=plan.confidence,
        topic=plan.topic,
        duration_minutes=plan.duration,
        timezone=plan.timezone,
        kind=outcome.kind,
        settings=outcome.settings,
        attendees=plan.attendees,
        recurrence=plan.rrule,
        proposals=[ProposalPublic.of(p, plan.timezone) for p in plan.proposals],
        question=plan.question,
        checked=plan.checked,
        meeting=MeetingPublic.of(outcome.meeting) if outcome.meeting else None,
        calendar_event_id=outcome.event.id if outcome.event else None,
        parsed=plan.when,
    )


BOOKED: dict[int | str, dict[str, Any]] = {201: {"description": "Booked", "model": ScheduleAnswer}}


@router.post("/schedule", response_model=ScheduleAnswer, responses=BOOKED)
async def schedule(
    body: ScheduleRequest, scheduler: SchedulerDep, response: Response
) -> ScheduleAnswer:
    """Read the request, look at everyone's calendars, propose ranked times; book the best
    when it is sure enough (confidence >= 0.8) or `book` is set. 201 when booked, 409 with
    the conflicts when the time asked for clashes (unless `force`)."""
    request = Request(
        text=body.natural_language,
        timezone=body.timezone,
        now=request_now(body.now, body.timezone),
        participants=body.participants,
        duration_hint=body.duration_hint,
        topic=body.topic,
        agenda=body.agenda,
        start_time=body.start_time,
        book=body.book,
        force=body.force,
        settings=body.settings,
    )
    try:
        outcome = await scheduler_service.schedule(scheduler, request)
    except WhenInputError as exc:
        raise Unprocessable(str(exc)) from exc
    if outcome.status == "booked":
        response.status_code = status.HTTP_201_CREATED
    return _answer(outcome)


@router.post("/quick-schedule", status_code=status.HTTP_201_CREATED, response_model=ScheduleAnswer)
async def quick_schedule(body: QuickScheduleRequest, scheduler: SchedulerDep) -> ScheduleAnswer:
    """Book the earliest time in the next `within_days` when everyone is free."""
    request = QuickRequest(
        timezone=body.timezone,
        now=request_now(body.earliest, body.timezone),
        duration=body.duration_minutes,
        topic=body.topic,
        participants=body.participants,
        agenda=body.agenda,
        within_days=body.within_days,
        working_hours_only=body.working_hours_only,
        settings=body.settings,
    )
    return _answer(await scheduler_service.quick_schedule(scheduler, request))


async def _scheduled(scheduler: Scheduler, meeting: Meeting) -> ScheduledMeeting:
    entry = await calendar.event_for_meeting(
        scheduler.session, user_id=scheduler.user.id, meeting_id=meeting.zoom_id
    )
    return ScheduledMeeting(
        meeting=MeetingPublic.of(meeting),
        attendees=list(draft_of(entry).attendees) if entry else [],
        calendar_event_id=entry.id if entry else None,
    )


@router.get("/{meeting_id}", response_model=ScheduledMeeting)
async def read_meeting(
    meeting_id: MeetingId,
    scheduler: SchedulerDep,
    refresh: Annotated[bool, Query(description="read Zoom's copy first")] = False,
) -> ScheduledMeeting:
    meeting = await store.get_meeting(
        scheduler.session, user_id=scheduler.user.id, zoom_id=meeting_id
    )
    if refresh:
        meeting = await actions.refresh_meeting(
            scheduler.session, zoom=scheduler.booker().zoom, meeting=meeting
        )
    return await _scheduled(scheduler, meeting)


@router.put("/{meeting_id}", response_model=ScheduledMeeting)
async def update_meeting(
    meeting_id: MeetingId, body: MeetingChange, scheduler: SchedulerDep
) -> ScheduledMeeting:
    """Change the meeting; a new time, length or people clashing with someone's calendar
    is a 409 with the conflicts and free alternatives, unless `force`."""
    meeting = await store.get_meeting(
        scheduler.session, user_id=scheduler.user.id, zoom_id=meeting_id
    )
    asked = Change(
        topic=body.topic,
        start=body.start_time,
        duration=body.duration,
        timezone=body.timezone,
        agenda=body.agenda,
        participants=body.participants,
        settings=body.settings,
        force=body.force,
    )
    now = datetime.now(zone_named(body.timezone or meeting.timezone or "UTC"))
    meeting, _ = await change_meeting(scheduler, meeting, asked, now)
    return await _scheduled(scheduler, meeting)


@router.delete("/{meeting_id}", status_code=status.HTTP_204_NO_CONTENT)
async def cancel_meeting(meeting_id: MeetingId, scheduler: SchedulerDep) -> Response:
    """Cancel the meeting in Zoom and take it off the calendar."""
    meeting = await store.get_meeting(
        scheduler.session, user_id=scheduler.user.id, zoom_id=meeting_id
    )
    await booking.cancel(scheduler.booker(), meeting)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
