"""Who is busy when: the organizer's calendar and meetings, and each attendee's.

Sources, per person:
- the organizer: their hub calendar (events, imported feeds, meetings), and their own Zoom
  meetings when the hub acts for them in Zoom (a user OAuth connection);
- an attendee who is a hub user: their hub calendar, as busy time only (no titles);
- an attendee who is a user on the Zoom account: their upcoming Zoom meetings, busy only.
A source that cannot be read (not a Zoom user, no permission, Zoom down) is skipped and
left out of `checked`, so the answer says whose time was not seen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ...zoom import MeetingListItem, ZoomClient, ZoomError
from ..db.models import User
from .agenda import calendar_entries
from .entries import Entry
from .slots import Interval

log = structlog.get_logger("zoomstack.hub.scheduling")

MAX_ZOOM_MEETINGS = 300  # listed meetings read per person per lookup, at most


@dataclass(frozen=True, slots=True)
class Busy:
    """Someone's busy span; `title` and `id` only for the organizer's own entries."""

    attendee: str
    start: datetime
    end: datetime
    kind: Literal["event", "meeting", "busy"]
    title: str | None = None
    id: str | None = None
    source: str | None = None
    meeting_id: str | None = None

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(slots=True)
class Availability:
    organizer: str
    busy: list[Busy] = field(default_factory=list)
    checked: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def without(self, meeting_id: str | None) -> Availability:
        """The same, less the spans of one meeting (the one being moved)."""
        if meeting_id is None:
            return self
        kept = [b for b in self.busy if b.meeting_id != meeting_id]
        return Availability(self.organizer, kept, self.checked)

    def conflicts(self, start: datetime, end: datetime) -> list[Busy]:
        return sorted(
            (b for b in self.busy if b.overlaps(start, end)),
            key=lambda b: (b.start, b.attendee),
        )

    def intervals(self) -> dict[str, list[Interval]]:
        """Busy intervals per person, as `slots.suggest_slots` takes them."""
        spans: dict[str, list[Interval]] = defaultdict(list)
        for b in self.busy:
            if b.end > b.start:
                spans[b.attendee].append(Interval(start=b.start, end=b.end))
        return dict(spans)


def _from_entry(person: str, entry: Entry, own: bool) -> Busy:
    if not own:
        return Busy(person, entry.start, entry.end, "busy", meeting_id=entry.meeting_id)
    return Busy(
        person,
        entry.start,
        entry.end,
        entry.kind,
        title=entry.title,
        id=entry.id,
        source=entry.source,
        meeting_id=entry.meeting_id,
    )


async def _hub_busy(
    session: AsyncSession, person: str, user_id: str, span: tuple[datetime, datetime], own: bool
) -> list[Busy]:
    entries = await calendar_entries(session, user_ids=[user_id], start=span[0], end=span[1])
    return [_from_entry(person, e, own) for e in entries if e.busy]


def _listed(person: str, item: MeetingListItem, own: bool) -> Busy | None:
    """A Zoom list item as busy time: titled for the organizer's own meetings only."""
    if item.start_time is None:
        return None
    start = item.start_time.astimezone(UTC)
    end = start + timedelta(minutes=item.duration or 60)
    meeting_id = str(item.id)
    if own:
        return Busy(person, start, end, "meeting", item.topic, meeting_id, "zoom", meeting_id)
    return Busy(person, start, end, "busy", meeting_id=meeting_id)


async def _zoom_busy(
    zoom: ZoomClient, person: str, zoom_user: str, span: tuple[datetime, datetime], own: bool
) -> list[Busy]:
    found: list[Busy] = []
    read = 0
    async for item in zoom.iter_meetings(zoom_user, type="upcoming"):
        read += 1
        if read > MAX_ZOOM_MEETINGS:
            break
        busy = _listed(person, item, own)
        if busy is not None and busy.overlaps(*span):
            found.append(busy)
    return found


async def _hub_users(session: AsyncSession, emails: Sequence[str]) -> dict[str, str]:
    if not emails:
        return {}
    query = select(func.lower(User.email), User.id).where(
        func.lower(User.email).in_([e.lower() for e in emails]), User.is_active.is_(True)
    )
    return {email: user_id for email, user_id in (await session.execute(query)).all()}


def _merge(busy: list[Busy]) -> list[Busy]:
    """One span per person and meeting, where hub and Zoom both list it (the hub's first)."""
    seen: set[tuple[str, str]] = set()
    kept: list[Busy] = []
    for b in busy:
        key = (b.attendee, b.meeting_id or "")
        if b.meeting_id and key in seen:
            continue
        seen.add(key)
        kept.append(b)
    return kept


async def _zoom_attendee(
    zoom: ZoomClient, email: str, span: tuple[datetime, datetime]
) -> list[Busy] | None:
    """The attendee's Zoom meetings; None when they are not a Zoom user we may read."""
    try:
        return await _zoom_busy(zoom, email, email, span, own=False)
    except ZoomError as exc:
        log.info("zoom_availability_skipped", reason=type(exc).__name__)
        return None


async def look_up(
    session: AsyncSession,
    *,
    organizer: User,
    attendees: Sequence[str],
    start: datetime,
    end: datetime,
    zoom: ZoomClient | None = None,
    own_zoom: bool = False,
) -> Availability:
    """Busy time of the organizer and of the attendees (emails) within [start, end)."""
    span = (start.astimezone(UTC), end.astimezone(UTC))
    me = organizer.email.lower()
    result = Availability(organizer=me)
    busy = await _hub_busy(session, me, organizer.id, span, own=True)
    result.checked[me].append("hub")
    if zoom is not None and own_zoom:
        try:
            busy += await _zoom_busy(zoom, me, "me", span, own=True)
            result.checked[me].append("zoom")
        except ZoomError as exc:
            log.info("zoom_availability_skipped", reason=type(exc).__name__)
    others = [a.lower() for a in dict.fromkeys(attendees) if a.lower() != me]
    hub_users = await _hub_users(session, others)
    for email in others:
        if email in hub_users:
            busy += await _hub_busy(session, email, hub_users[email], span, own=False)
            result.checked[email].append("hub")
        zoomed = await _zoom_attendee(zoom, email, span) if zoom is not None else None
        if zoomed is not None:
            busy += zoomed
            result.checked[email].append("zoom")
    result.busy = _merge(busy)
    return result
