"""Calendars as people see them: their events and their Zoom meetings, in one list.

A meeting the scheduler booked has a calendar entry too (it carries the attendees); the
hub's copy of the meeting is the truth for its time, topic and status, since the meeting
may have been changed elsewhere (the meetings API, Zoom itself via webhooks), so the
entry lends its attendees to the meeting and is not shown twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.calendar_models import CalendarEvent, EventSource
from ..db.meeting_models import Meeting, MeetingStatus
from .calendar import all_events, events_overlapping
from .drafts import EventDraft, draft_of
from .entries import Entry, event_entries
from .model import Attendee
from .series import RuleError, expand
from .zoom_recurrence import from_zoom

RECURRING = 8  # Zoom: a recurring meeting with a fixed time
LONGEST = timedelta(hours=25)  # Zoom's longest meeting is 24 hours


def meeting_length(meeting: Meeting) -> timedelta:
    return timedelta(minutes=meeting.duration or 60)


def _zoom_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def _listed_occurrences(meeting: Meeting) -> Iterator[tuple[datetime, datetime]]:
    for item in meeting.zoom.get("occurrences") or []:
        start = _zoom_time(item.get("start_time"))
        if start is not None and item.get("status") != "deleted":
            yield start, start + timedelta(minutes=int(item.get("duration") or meeting.duration))


def meeting_spans(
    meeting: Meeting, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """When the meeting (each occurrence of a recurring one) takes place within [start, end)."""
    if meeting.start_time is None:
        return []
    spans: list[tuple[datetime, datetime]] = [
        (meeting.start_time, meeting.start_time + meeting_length(meeting))
    ]
    if meeting.type == RECURRING:
        spans = list(_listed_occurrences(meeting)) or _rule_spans(meeting, (start, end)) or spans
    return [(s, e) for s, e in spans if s < end and e > start]


def _rule_spans(
    meeting: Meeting, within: tuple[datetime, datetime]
) -> list[tuple[datetime, datetime]]:
    rule = from_zoom(meeting.zoom.get("recurrence") or {})
    if rule is None or meeting.start_time is None:
        return []
    first, tz = meeting.start_time, meeting.timezone or "UTC"
    try:
        return list(expand(rule, first, first + meeting_length(meeting), tz, within=within))
    except RuleError:
        return []


def _meeting_entry(
    meeting: Meeting, span: tuple[datetime, datetime], attendees: tuple[Attendee, ...]
) -> Entry:
    return Entry(
        kind="meeting",
        id=meeting.zoom_id,
        user_id=meeting.user_id,
        source=EventSource.zoom,
        title=meeting.topic,
        start=span[0],
        end=span[1],
        recurring=meeting.type == RECURRING,
        attendees=attendees,
        meeting_id=meeting.zoom_id,
        join_url=meeting.join_url or None,
        status=meeting.status,
    )


async def meetings_of(
    session: AsyncSession, *, user_ids: Sequence[str], start: datetime, end: datetime
) -> list[Meeting]:
    """The users' meetings (not cancelled) that may take place within [start, end)."""
    query = select(Meeting).where(
        Meeting.user_id.in_(user_ids),
        Meeting.status != MeetingStatus.deleted,
        Meeting.start_time.is_not(None),
        Meeting.start_time < end,
        or_(Meeting.type == RECURRING, Meeting.start_time > start - LONGEST),
    )
    return list(await session.scalars(query.order_by(Meeting.start_time, Meeting.id)))


async def _known_meetings(
    session: AsyncSession, rows: Sequence[CalendarEvent]
) -> dict[tuple[str, str], Meeting]:
    keys = {(row.user_id, row.meeting_id) for row in rows if row.meeting_id}
    if not keys:
        return {}
    query = select(Meeting).where(
        Meeting.user_id.in_({k[0] for k in keys}), Meeting.zoom_id.in_({k[1] for k in keys})
    )
    return {(m.user_id, m.zoom_id): m for m in await session.scalars(query)}


async def calendar_entries(
    session: AsyncSession, *, user_ids: Sequence[str], start: datetime, end: datetime
) -> list[Entry]:
    """Everything on these users' calendars within [start, end), earliest first."""
    rows = await events_overlapping(session, user_ids=user_ids, start=start, end=end)
    known = await _known_meetings(session, rows)
    attendees = {
        (row.user_id, row.meeting_id): tuple(Attendee.model_validate(a) for a in row.attendees)
        for row in rows
        if row.meeting_id
    }
    entries = [
        e
        for e in event_entries(rows, start, end)
        if not (e.meeting_id and (e.user_id, e.meeting_id) in known)
    ]
    for meeting in await meetings_of(session, user_ids=user_ids, start=start, end=end):
        people = attendees.get((meeting.user_id, meeting.zoom_id), ())
        entries.extend(
            _meeting_entry(meeting, s, people) for s in meeting_spans(meeting, start, end)
        )
    return sorted(entries, key=lambda e: (e.start, e.end, e.id))


def meeting_draft(meeting: Meeting, entry: CalendarEvent | None) -> EventDraft | None:
    """The meeting as an iCalendar event (with its entry's attendees), if it has a time."""
    if meeting.start_time is None:
        return None
    rule = from_zoom(meeting.zoom.get("recurrence") or {}) if meeting.type == RECURRING else None
    return EventDraft(
        uid=entry.uid if entry else f"zoom-{meeting.zoom_id}@zoomstack.hub",
        title=meeting.topic,
        description=meeting.agenda,
        location=meeting.join_url,
        start=meeting.start_time,
        end=meeting.start_time + meeting_length(meeting),
        timezone=meeting.timezone or "UTC",
        rrule=(entry.rrule if entry else None) or rule,
        attendees=draft_of(entry).attendees if entry else (),
        organizer=entry.organizer if entry else "",
        url=meeting.join_url or None,
    )


async def calendar_drafts(session: AsyncSession, *, user_id: str) -> list[EventDraft]:
    """The user's whole calendar as events: what `GET /api/calendar.ics` writes."""
    rows = await all_events(session, user_id=user_id)
    by_meeting = {row.meeting_id: row for row in rows if row.meeting_id}
    query = select(Meeting).where(Meeting.user_id == user_id)
    meetings = list(await session.scalars(query.order_by(Meeting.start_time, Meeting.id)))
    drafts = [
        draft
        for m in meetings
        if m.status != MeetingStatus.deleted
        and (draft := meeting_draft(m, by_meeting.get(m.zoom_id)))
    ]
    known = {m.zoom_id for m in meetings}
    drafts.extend(draft_of(row) for row in rows if row.meeting_id not in known)
    return drafts
