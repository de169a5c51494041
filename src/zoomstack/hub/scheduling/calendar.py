"""Calendar events of hub users: write, read back, import feeds, find what overlaps a span.

Every function is scoped to one user; another user's event is "not found", the same as a
missing one. Free/busy lookups across users go through `events_overlapping`, which only
the availability code calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.base import new_id, utcnow
from ..db.calendar_models import CalendarEvent, CalendarFeed, EventSource
from ..errors import NotFound
from .drafts import EventDraft, attendee_dicts
from .ics import IcsReading, Skipped
from .series import last_end


def _fill(row: CalendarEvent, draft: EventDraft) -> CalendarEvent:
    row.uid = draft.uid
    row.recurrence_id = draft.recurrence_id
    row.title = draft.title
    row.description = draft.description
    row.location = draft.location
    row.start_at = draft.start
    row.end_at = draft.end
    row.all_day = draft.all_day
    row.timezone = draft.timezone
    row.rrule = draft.rrule
    row.exdates = [moment.astimezone(UTC).isoformat() for moment in draft.exdates]
    row.attendees = attendee_dicts(draft.attendees)
    row.organizer = draft.organizer
    row.busy = draft.busy
    row.join_url = draft.url
    row.last_end_at = (
        last_end(draft.rrule, draft.start, draft.end, draft.timezone) if draft.rrule else draft.end
    )
    return row


def new_uid() -> str:
    return f"{new_id()}@zoomstack.hub"


async def add_event(
    session: AsyncSession,
    *,
    user_id: str,
    draft: EventDraft,
    source: EventSource = EventSource.hub,
    meeting_id: str | None = None,
) -> CalendarEvent:
    """A new event on the user's calendar (a Zoom meeting's entry when `meeting_id`)."""
    row = _fill(CalendarEvent(user_id=user_id, source=source, meeting_id=meeting_id), draft)
    session.add(row)
    await session.commit()
    return row


async def get_event(session: AsyncSession, *, user_id: str, event_id: str) -> CalendarEvent:
    row = await session.get(CalendarEvent, event_id)
    if row is None or row.user_id != user_id:
        raise NotFound("Calendar event not found.")
    return row


async def replace_event(
    session: AsyncSession, *, user_id: str, event_id: str, draft: EventDraft
) -> CalendarEvent:
    row = _fill(await get_event(session, user_id=user_id, event_id=event_id), draft)
    await session.commit()
    return row


async def delete_event(session: AsyncSession, *, user_id: str, event_id: str) -> None:
    row = await get_event(session, user_id=user_id, event_id=event_id)
    await session.delete(row)
    await session.commit()


async def event_for_meeting(
    session: AsyncSession, *, user_id: str, meeting_id: str
) -> CalendarEvent | None:
    """The calendar entry the scheduler wrote for a Zoom meeting, if any."""
    query = select(CalendarEvent).where(
        CalendarEvent.user_id == user_id,
        CalendarEvent.meeting_id == meeting_id,
        CalendarEvent.source == EventSource.zoom,
    )
    return await session.scalar(query)


async def events_overlapping(
    session: AsyncSession, *, user_ids: Sequence[str], start: datetime, end: datetime
) -> list[CalendarEvent]:
    """Events and series of these users that may have an occurrence in [start, end)."""
    if not user_ids:
        return []
    query = (
        select(CalendarEvent)
        .where(
            CalendarEvent.user_id.in_(user_ids),
            CalendarEvent.start_at < end,
            or_(CalendarEvent.last_end_at.is_(None), CalendarEvent.last_end_at > start),
        )
        .order_by(CalendarEvent.start_at, CalendarEvent.id)
    )
    return list(await session.scalars(query))


async def all_events(session: AsyncSession, *, user_id: str) -> list[CalendarEvent]:
    query = select(CalendarEvent).where(CalendarEvent.user_id == user_id)
    return list(await session.scalars(query.order_by(CalendarEvent.start_at, CalendarEvent.id)))


# -- feeds ----------------------------------------------------------------------


@dataclass(slots=True)
class ImportResult:
    feed: CalendarFeed
    created: int
    updated: int
    removed: int
    skipped: list[Skipped]
    cancelled: list[str]


async def _feed(session: AsyncSession, user_id: str, name: str) -> CalendarFeed:
    query = select(CalendarFeed).where(CalendarFeed.user_id == user_id, CalendarFeed.name == name)
    feed = await session.scalar(query)
    if feed is None:
        feed = CalendarFeed(id=new_id(), user_id=user_id, name=name)
        session.add(feed)
        await session.flush()
    return feed


async def _by_key(session: AsyncSession, user_id: str) -> dict[tuple[str, str], CalendarEvent]:
    rows = await session.scalars(select(CalendarEvent).where(CalendarEvent.user_id == user_id))
    return {(row.uid, row.recurrence_id): row for row in rows}


async def import_feed(
    session: AsyncSession, *, user_id: str, name: str, reading: IcsReading
) -> ImportResult:
    """Put a feed's events on the user's calendar: new UIDs are added, known ones updated
    (an event keeps its UID across feeds), and what the feed no longer holds is removed."""
    feed = await _feed(session, user_id, name)
    existing = await _by_key(session, user_id)
    created = updated = 0
    kept: set[str] = set()
    skipped = list(reading.skipped)
    for draft in {(d.uid, d.recurrence_id): d for d in reading.events}.values():
        row = existing.get((draft.uid, draft.recurrence_id))
        if row is not None and row.source != EventSource.ics:
            # A file exported from the hub holds its own events: they stay as they are.
            skipped.append(Skipped(draft.uid, f"already on the calendar as a {row.source} event"))
            continue
        if row is None:
            row = CalendarEvent(id=new_id(), user_id=user_id)
            session.add(row)
            created += 1
        else:
            updated += 1
        _fill(row, draft)
        row.source, row.feed_id, row.meeting_id = EventSource.ics, feed.id, None
        kept.add(row.id)
    removed = await _drop_missing(session, feed.id, kept)
    feed.event_count, feed.imported_at = len(kept), utcnow()
    await session.commit()
    return ImportResult(feed, created, updated, removed, skipped, reading.cancelled)


async def _drop_missing(session: AsyncSession, feed_id: str, kept: set[str]) -> int:
    query = delete(CalendarEvent).where(
        CalendarEvent.feed_id == feed_id, CalendarEvent.id.not_in(kept)
    )
    result = await session.execute(query.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


async def list_feeds(session: AsyncSession, *, user_id: str) -> list[CalendarFeed]:
    query = select(CalendarFeed).where(CalendarFeed.user_id == user_id)
    return list(await session.scalars(query.order_by(CalendarFeed.name)))


async def delete_feed(session: AsyncSession, *, user_id: str, feed_id: str) -> None:
    """The feed and every event it brought."""
    feed = await session.get(CalendarFeed, feed_id)
    if feed is None or feed.user_id != user_id:
        raise NotFound("Calendar feed not found.")
    await session.execute(delete(CalendarEvent).where(CalendarEvent.feed_id == feed_id))
    await session.delete(feed)
    await session.commit()
