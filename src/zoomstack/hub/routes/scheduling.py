"""Scheduling: plain-language and quick booking, the calendar view, and meetings with
conflict checks (`/api/zoom/enhanced/meetings/...`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import CurrentUser, SessionDep
from ..errors import BadRequest
from ..scheduling.agenda import calendar_entries
from ..scheduling.zones import zone_named
from ..schemas.calendar import check_zone
from ..schemas.scheduling import MAX_VIEW_DAYS, CalendarView, day_or_time

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
