"""The meetings page: this week's calendar, what is coming, what happened, and the
plain-language box that schedules through the hub's scheduler."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ..deps import SessionDep
from ..errors import HubError
from ..scheduling import scheduler as scheduling
from ..scheduling.agenda import calendar_entries
from ..scheduling.model import WhenInputError
from ..scheduling.scheduler import Outcome
from ..scheduling.scheduler import Request as ScheduleRequest
from ..scheduling.zones import zone_named
from . import views
from .common import back_to, scheduler_for
from .layout import Block, Week, week_layout, week_start
from .session import PostingViewer, Viewer, ViewerDep
from .templating import page

router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("")
async def home() -> RedirectResponse:
    return RedirectResponse("/app/meetings", status_code=303)


def _week_of(value: str | None, today: date) -> date:
    try:
        return week_start(date.fromisoformat(value)) if value else week_start(today)
    except ValueError:
        return week_start(today)


async def _week(session: SessionDep, viewer: Viewer, first: date, today: date) -> Week:
    zone = zone_named(viewer.timezone)
    start = datetime.combine(first, time(), tzinfo=zone)
    end = start + timedelta(days=7)
    uid = viewer.user.id
    entries = await calendar_entries(session, user_ids=[uid], start=start, end=end)
    blocks = [Block(e.title, e.start, e.end, e.meeting_id, e.status) for e in entries]
    shown = {b.meeting_id for b in blocks if b.meeting_id}
    for row in await views.recorded_between(session, user_id=uid, start=start, end=end):
        if row.zoom_id not in shown and row.start and row.end:
            blocks.append(Block(row.topic, row.start, row.end, row.zoom_id, "ended"))
    return week_layout(blocks, first, viewer.timezone, today)


async def _context(session: SessionDep, viewer: Viewer, week: str | None = None) -> dict[str, Any]:
    now = datetime.now(UTC)
    today = now.astimezone(zone_named(viewer.timezone)).date()
    uid = viewer.user.id
    return {
        "week": await _week(session, viewer, _week_of(week, today), today),
        "upcoming": await views.upcoming_meetings(session, user_id=uid, now=now),
        "past": await views.past_meetings(session, user_id=uid),
    }


@router.get("/meetings", response_class=HTMLResponse)
async def meetings(
    request: Request,
    viewer: ViewerDep,
    session: SessionDep,
    week: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    return page(request, "meetings.html", viewer, **await _context(session, viewer, week))


def _asked_time(value: str, tz: str) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone_named(tz))


@router.post("/meetings/schedule", response_model=None)
async def schedule(
    request: Request,
    viewer: PostingViewer,
    session: SessionDep,
    text: Annotated[str, Form(max_length=500)] = "",
    start_time: Annotated[str, Form(max_length=40)] = "",
    book: Annotated[bool, Form()] = False,
    force: Annotated[bool, Form()] = False,
) -> Response:
    """Read the request and book it when sure (or when a proposal was picked); else
    show the proposals or the question, on the meetings page."""
    tz = viewer.timezone
    try:
        asked = ScheduleRequest(
            text=text, timezone=tz, now=datetime.now(zone_named(tz)),
            start_time=_asked_time(start_time, tz), book=True if book else None, force=force,
        )  # fmt: skip
        scheduler = await scheduler_for(request, session, viewer)
        outcome = await scheduling.schedule(scheduler, asked)
    except (HubError, WhenInputError, ValueError) as exc:
        message = exc.message if isinstance(exc, HubError) else str(exc)
        return await _schedule_page(request, session, viewer, text, error=message)
    if outcome.meeting is not None:
        notice = f"Booked “{outcome.meeting.topic}”."
        return back_to(f"/app/meetings/{outcome.meeting.zoom_id}", notice=notice)
    return await _schedule_page(request, session, viewer, text, outcome=outcome)


async def _schedule_page(
    request: Request,
    session: SessionDep,
    viewer: Viewer,
    text: str,
    *,
    outcome: Outcome | None = None,
    error: str = "",
) -> HTMLResponse:
    context = await _context(session, viewer)
    status = 422 if error else 200
    return page(
        request, "meetings.html", viewer, status_code=status,
        asked=text, outcome=outcome, schedule_error=error, **context,
    )  # fmt: skip
