"""What the dashboard's pages show, read through the hub's own stores.

A meeting the hub knows of is one it keeps a copy of (made through the hub, imported,
or announced by a webhook) or one whose recordings it holds (synced from the cloud);
the lists merge both, the copy's facts winning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.meeting_models import Meeting, MeetingInsight, MeetingStatus
from ..db.models import Recording
from ..db.sync_models import SyncItem, SyncStatus
from ..recordings.listing import as_utc
from ..state import Hub

PAST_STATUSES = (MeetingStatus.started.value, MeetingStatus.ended.value)
MEDIA_KINDS = {"MP4": "video", "M4A": "audio"}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(slots=True)
class MeetingRow:
    """One meeting in a list or on the calendar."""

    zoom_id: str
    topic: str
    start: datetime | None
    minutes: int = 0
    status: str = MeetingStatus.ended.value
    files: int = 0
    insights: str | None = None

    @property
    def end(self) -> datetime | None:
        return self.start + timedelta(minutes=self.minutes or 30) if self.start else None


def _row_of(meeting: Meeting) -> MeetingRow:
    start = meeting.started_at or meeting.start_time
    minutes = meeting.duration
    if meeting.started_at and meeting.ended_at:
        minutes = max(1, round((meeting.ended_at - meeting.started_at).total_seconds() / 60))
    return MeetingRow(meeting.zoom_id, meeting.topic, start, minutes, meeting.status)


async def _recorded(
    session: AsyncSession, user_id: str, *, limit: int, since: datetime | None = None
) -> list[MeetingRow]:
    """Meetings the user holds recordings of, newest first."""
    started = func.min(Recording.meeting_start)
    query = (
        select(Recording.meeting_id, func.max(Recording.meeting_title), started, func.count())
        .where(Recording.user_id == user_id, Recording.meeting_id.is_not(None))
        .group_by(Recording.meeting_id)
        .order_by(started.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.having(started >= since)
    rows = (await session.execute(query)).all()
    return [
        MeetingRow(str(mid), title or "Untitled meeting", as_utc(start) if start else None)
        for mid, title, start, _ in rows
    ]


async def _file_counts(session: AsyncSession, user_id: str, ids: Sequence[str]) -> dict[str, int]:
    query = (
        select(Recording.meeting_id, func.count())
        .where(Recording.user_id == user_id, Recording.meeting_id.in_(ids))
        .group_by(Recording.meeting_id)
    )
    return {str(mid): int(count) for mid, count in (await session.execute(query)).all()}


async def _insight_statuses(
    session: AsyncSession, user_id: str, ids: Sequence[str]
) -> dict[str, str]:
    query = select(MeetingInsight.meeting_id, MeetingInsight.status).where(
        MeetingInsight.user_id == user_id, MeetingInsight.meeting_id.in_(ids)
    )
    statuses: dict[str, str] = {}
    for mid, status in (await session.execute(query)).all():
        if statuses.get(str(mid)) != "done":
            statuses[str(mid)] = status
    return statuses


async def past_meetings(
    session: AsyncSession, *, user_id: str, limit: int = 40
) -> list[MeetingRow]:
    """Meetings that happened (or are happening), newest first."""
    query = (
        select(Meeting)
        .where(Meeting.user_id == user_id, Meeting.status.in_(PAST_STATUSES))
        .order_by(func.coalesce(Meeting.started_at, Meeting.start_time).desc())
        .limit(limit)
    )
    rows = {m.zoom_id: _row_of(m) for m in await session.scalars(query)}
    for row in await _recorded(session, user_id, limit=limit):
        known = rows.get(row.zoom_id)
        if known is None:
            rows[row.zoom_id] = row
        elif known.start is None:
            known.start = row.start
    return await _with_counts(session, user_id, rows)


async def _with_counts(
    session: AsyncSession, user_id: str, rows: dict[str, MeetingRow]
) -> list[MeetingRow]:
    ids = list(rows)
    files = await _file_counts(session, user_id, ids)
    insights = await _insight_statuses(session, user_id, ids)
    for row in rows.values():
        row.files, row.insights = files.get(row.zoom_id, 0), insights.get(row.zoom_id)
    return sorted(rows.values(), key=lambda r: r.start or EPOCH, reverse=True)


async def upcoming_meetings(
    session: AsyncSession, *, user_id: str, now: datetime, limit: int = 20
) -> list[MeetingRow]:
    query = (
        select(Meeting)
        .where(
            Meeting.user_id == user_id,
            Meeting.status == MeetingStatus.waiting.value,
            Meeting.start_time >= now - timedelta(hours=1),
        )
        .order_by(Meeting.start_time)
        .limit(limit)
    )
    return [_row_of(m) for m in await session.scalars(query)]


async def recorded_between(
    session: AsyncSession, *, user_id: str, start: datetime, end: datetime
) -> list[MeetingRow]:
    """Recorded meetings in [start, end), for the calendar's past days."""
    rows = await _recorded(session, user_id, limit=200, since=start)
    return [r for r in rows if r.start is not None and r.start < end]


@dataclass(slots=True)
class StoredFile:
    recording: Recording
    url: str
    kind: str  # video, audio or file


@dataclass(slots=True)
class MeetingDetail:
    zoom_id: str
    topic: str
    start: datetime | None
    minutes: int
    status: str
    meeting: Meeting | None
    files: list[StoredFile] = field(default_factory=list)
    insight: MeetingInsight | None = None

    @property
    def insights(self) -> dict[str, Any]:
        return (self.insight.insights or {}) if self.insight else {}

    @property
    def editable(self) -> bool:
        return self.meeting is not None and self.status == MeetingStatus.waiting.value


async def stored_files(
    session: AsyncSession, hub: Hub, *, user_id: str, zoom_id: str
) -> list[StoredFile]:
    query = (
        select(Recording)
        .where(Recording.user_id == user_id, Recording.meeting_id == zoom_id)
        .order_by(Recording.meeting_start, Recording.file_type)
    )
    files = []
    for recording in await session.scalars(query):
        link = hub.signer.sign(recording.recording_id, ttl=hub.download_ttl)
        kind = MEDIA_KINDS.get(recording.file_type.upper(), "file")
        files.append(StoredFile(recording, link.url, kind))
    return files


def detail_of(meeting: Meeting | None, zoom_id: str, files: list[StoredFile]) -> MeetingDetail:
    if meeting is not None:
        row = _row_of(meeting)
        return MeetingDetail(zoom_id, row.topic, row.start, row.minutes, row.status, meeting, files)
    first = files[0].recording if files else None
    start = as_utc(first.meeting_start) if first and first.meeting_start else None
    topic = first.meeting_title if first else ""
    return MeetingDetail(zoom_id, topic or "Untitled meeting", start, 0, "ended", None, files)


async def files_in_flight(session: AsyncSession, *, user_id: str, limit: int) -> list[SyncItem]:
    """Files waiting to be fetched or being fetched, oldest first (the queue's order)."""
    unsettled = (SyncStatus.pending.value, SyncStatus.running.value)
    query = (
        select(SyncItem)
        .where(SyncItem.user_id == user_id, SyncItem.status.in_(unsettled))
        .order_by(SyncItem.created_at, SyncItem.id)
        .limit(limit)
    )
    return list(await session.scalars(query))
