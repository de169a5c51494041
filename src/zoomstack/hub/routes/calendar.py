"""The user's calendar: iCalendar import and export, feeds, and events made in the hub."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from starlette.datastructures import UploadFile

from ..db.base import utcnow
from ..db.calendar_models import CalendarEvent, EventSource
from ..deps import CurrentUser, SessionDep
from ..errors import BadRequest, Conflict, PayloadTooLarge, Unprocessable
from ..scheduling import calendar
from ..scheduling.agenda import calendar_drafts
from ..scheduling.drafts import EventDraft
from ..scheduling.ics import IcsError, read_ics, write_ics
from ..scheduling.model import WhenInputError
from ..scheduling.series import RuleError, normalize_rule
from ..scheduling.zones import zone_named
from ..schemas.calendar import (
    EventPublic,
    EventWrite,
    FeedList,
    FeedPublic,
    ImportAnswer,
    SkippedEvent,
)

router = APIRouter(prefix="/api", tags=["calendar"])

MAX_ICS_BYTES = 5 * 1024 * 1024
ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"
IMPORT_BODY = {
    "required": True,
    "content": {
        "text/calendar": {"schema": {"type": "string"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
    },
}
Zone = Annotated[str, Query(max_length=64, description="IANA zone for times without one")]


async def _raw_body(request: Request) -> bytes:
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > MAX_ICS_BYTES:
            raise PayloadTooLarge(f"An iCalendar file may hold at most {MAX_ICS_BYTES} bytes.")
    return bytes(data)


async def _ics_body(request: Request) -> bytes:
    """The file sent as the body (text/calendar) or as the `file` field of a form."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await _raw_body(request)
    form = await request.form(max_files=1)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise BadRequest("Send the iCalendar file in a form field named 'file'.")
    if (upload.size or 0) > MAX_ICS_BYTES:
        raise PayloadTooLarge(f"An iCalendar file may hold at most {MAX_ICS_BYTES} bytes.")
    return await upload.read()


@router.post(
    "/calendar/import",
    response_model=ImportAnswer,
    openapi_extra={"requestBody": IMPORT_BODY},
    description="Import an iCalendar file as the feed `name`; importing it again replaces it.",
)
async def import_calendar(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    name: Annotated[str, Query(min_length=1, max_length=100)] = "import",
    timezone: Zone = "UTC",
) -> ImportAnswer:
    data = await _ics_body(request)
    if not data.strip():
        raise BadRequest("The iCalendar file is empty.")
    try:
        reading = read_ics(data, timezone)
    except (IcsError, WhenInputError) as exc:
        raise BadRequest(str(exc)) from exc
    result = await calendar.import_feed(session, user_id=user.id, name=name, reading=reading)
    return ImportAnswer(
        feed=FeedPublic.model_validate(result.feed),
        created=result.created,
        updated=result.updated,
        removed=result.removed,
        skipped=[SkippedEvent(uid=s.uid, reason=s.reason) for s in result.skipped],
        cancelled=result.cancelled,
    )


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
    description="The whole calendar: events, imported feeds and Zoom meetings.",
)
async def export_calendar(user: CurrentUser, session: SessionDep) -> Response:
    drafts = await calendar_drafts(session, user_id=user.id)
    body = write_ics(drafts, name=f"zoomstack: {user.email}", stamp=utcnow())
    headers = {"Content-Disposition": 'attachment; filename="calendar.ics"'}
    return Response(body, media_type=ICS_MEDIA_TYPE, headers=headers)


@router.get("/calendar/feeds", response_model=FeedList)
async def feeds(user: CurrentUser, session: SessionDep) -> FeedList:
    rows = await calendar.list_feeds(session, user_id=user.id)
    return FeedList(feeds=[FeedPublic.model_validate(row) for row in rows])


@router.delete("/calendar/feeds/{feed_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_feed(feed_id: str, user: CurrentUser, session: SessionDep) -> Response:
    await calendar.delete_feed(session, user_id=user.id, feed_id=feed_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _all_day(start: datetime, end: datetime, tz: str) -> tuple[datetime, datetime]:
    zone = zone_named(tz)
    first = datetime.combine(start.astimezone(zone).date(), time(), tzinfo=zone)
    last = datetime.combine(end.astimezone(zone).date(), time(), tzinfo=zone)
    return first, max(last, first + timedelta(days=1))


def _draft(body: EventWrite, uid: str, organizer: str) -> EventDraft:
    start, end = body.starts_at(), body.ends_at()
    if body.all_day:
        start, end = _all_day(start, end, body.timezone)
    try:
        rule = normalize_rule(body.rrule, body.timezone) if body.rrule else None
    except RuleError as exc:
        raise Unprocessable(str(exc)) from exc
    return EventDraft(
        uid=uid,
        title=body.title,
        description=body.description,
        location=body.location,
        start=start,
        end=end,
        all_day=body.all_day,
        timezone=body.timezone,
        rrule=rule,
        attendees=tuple(a.attendee() for a in body.attendees),
        organizer=organizer,
        busy=body.busy,
    )


@router.post("/calendar/events", status_code=status.HTTP_201_CREATED, response_model=EventPublic)
async def create_event(body: EventWrite, user: CurrentUser, session: SessionDep) -> EventPublic:
    draft = _draft(body, calendar.new_uid(), user.email)
    row = await calendar.add_event(session, user_id=user.id, draft=draft)
    return EventPublic.model_validate(row)


@router.get("/calendar/events/{event_id}", response_model=EventPublic)
async def read_event(event_id: str, user: CurrentUser, session: SessionDep) -> EventPublic:
    row = await calendar.get_event(session, user_id=user.id, event_id=event_id)
    return EventPublic.model_validate(row)


def _editable(row: CalendarEvent) -> None:
    if row.source == EventSource.ics:
        raise Conflict(
            "This event comes from an imported calendar: change it there and import again."
        )
    if row.source == EventSource.zoom:
        raise Conflict(
            f"This event is Zoom meeting {row.meeting_id}: change it through "
            f"/api/zoom/enhanced/meetings/{row.meeting_id}."
        )


@router.put("/calendar/events/{event_id}", response_model=EventPublic)
async def replace_event(
    event_id: str, body: EventWrite, user: CurrentUser, session: SessionDep
) -> EventPublic:
    row = await calendar.get_event(session, user_id=user.id, event_id=event_id)
    _editable(row)
    draft = _draft(body, row.uid, row.organizer or user.email)
    row = await calendar.replace_event(session, user_id=user.id, event_id=event_id, draft=draft)
    return EventPublic.model_validate(row)


@router.delete("/calendar/events/{event_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_event(event_id: str, user: CurrentUser, session: SessionDep) -> Response:
    row = await calendar.get_event(session, user_id=user.id, event_id=event_id)
    _editable(row)
    await calendar.delete_event(session, user_id=user.id, event_id=event_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
