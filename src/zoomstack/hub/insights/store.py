"""Insight rows: one per transcript; a meeting's insights are its latest transcript's."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.base import utcnow
from ..db.meeting_models import InsightStatus, MeetingInsight
from ..db.models import ProcessingStatus, Recording

TRANSCRIPT_TYPES = ("TRANSCRIPT", "CC", "VTT")


def is_transcript(recording: Recording) -> bool:
    if recording.file_type.upper() in TRANSCRIPT_TYPES:
        return True
    return PurePath(recording.file_name).suffix.lower() == ".vtt"


async def request(session: AsyncSession, *, recording: Recording) -> MeetingInsight:
    """Mark the transcript's insights as wanted (again): pending, until a job runs."""
    row = await session.scalar(
        select(MeetingInsight).where(MeetingInsight.recording_id == recording.recording_id)
    )
    if row is None:
        row = MeetingInsight(
            user_id=recording.user_id, recording_id=recording.recording_id, attempts=0
        )
        session.add(row)
    row.meeting_id = recording.meeting_id
    row.meeting_uuid = recording.meeting_uuid
    row.status = InsightStatus.pending.value
    row.error = None
    await session.commit()
    return row


async def claim(session: AsyncSession, *, recording_id: str) -> bool:
    """Move the row to running, unless another job holds it; whether this one may run."""
    result = await session.execute(
        update(MeetingInsight)
        .where(
            MeetingInsight.recording_id == recording_id,
            MeetingInsight.status != InsightStatus.running.value,
        )
        .values(
            status=InsightStatus.running.value,
            attempts=MeetingInsight.attempts + 1,
            updated_at=utcnow(),
        )
    )
    await session.commit()
    return getattr(result, "rowcount", 0) == 1


async def touch(session: AsyncSession, *, recording_id: str) -> None:
    """A running job's heartbeat: its row is fresh, not lost."""
    await session.execute(
        update(MeetingInsight)
        .where(
            MeetingInsight.recording_id == recording_id,
            MeetingInsight.status == InsightStatus.running.value,
        )
        .values(updated_at=utcnow())
    )
    await session.commit()


async def finish(
    session: AsyncSession,
    *,
    recording_id: str,
    engine: str,
    insights: dict[str, Any] | None,
    error: str | None = None,
) -> MeetingInsight | None:
    row = await session.scalar(
        select(MeetingInsight).where(MeetingInsight.recording_id == recording_id)
    )
    if row is None:
        return None  # the recording was deleted meanwhile
    row.status = (InsightStatus.failed if error else InsightStatus.done).value
    row.engine, row.error = engine, error
    if insights is not None:
        row.insights = insights
    row.processed_at = utcnow()
    await session.commit()
    return row


async def lost(
    session: AsyncSession, *, pending_age: timedelta, running_age: timedelta
) -> list[str]:
    """Recordings whose insights wait for a job that is not coming; set back to pending."""
    now = utcnow()
    query = select(MeetingInsight).where(
        or_(
            and_(
                MeetingInsight.status == InsightStatus.pending.value,
                MeetingInsight.updated_at <= now - pending_age,
            ),
            and_(
                MeetingInsight.status == InsightStatus.running.value,
                MeetingInsight.updated_at <= now - running_age,
            ),
        )
    )
    rows = list(await session.scalars(query))
    for row in rows:
        row.status = InsightStatus.pending.value
    await session.commit()
    return [row.recording_id for row in rows]


async def mark_processing(session: AsyncSession, *, recording_id: str) -> None:
    recording = await session.get(Recording, recording_id)
    if recording is not None:
        recording.processing_status = ProcessingStatus.processing.value
        await session.commit()


async def mark_recording(
    session: AsyncSession, *, recording_id: str, summary: str | None, actions: list[Any] | None
) -> None:
    """Keep the transcript's own summary and action items in step with its insights."""
    recording = await session.get(Recording, recording_id)
    if recording is None:
        return
    if summary is None:
        recording.processing_status = ProcessingStatus.failed.value
    else:
        recording.summary, recording.action_items = summary, actions
        recording.processing_status = ProcessingStatus.processed.value
    await session.commit()


async def for_meeting(
    session: AsyncSession, *, user_id: str, meeting_id: str
) -> MeetingInsight | None:
    """The user's latest insights of the meeting (its most recent transcript)."""
    query = (
        select(MeetingInsight)
        .where(MeetingInsight.user_id == user_id, MeetingInsight.meeting_id == meeting_id)
        .order_by(MeetingInsight.created_at.desc(), MeetingInsight.id.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def instance_transcript(
    session: AsyncSession, *, user_id: str, meeting_uuid: str
) -> Recording | None:
    """The newest transcript file of one meeting instance (its UUID) the user holds."""
    query = (
        select(Recording)
        .where(Recording.user_id == user_id, Recording.meeting_uuid == meeting_uuid)
        .order_by(Recording.created_at.desc())
    )
    return next((row for row in await session.scalars(query) if is_transcript(row)), None)


async def latest_transcript(
    session: AsyncSession, *, user_id: str, meeting_id: str
) -> Recording | None:
    """The meeting's newest transcript file the user holds (Zoom's TRANSCRIPT first)."""
    query = select(Recording).where(
        Recording.user_id == user_id, Recording.meeting_id == meeting_id
    )
    rows = [row for row in await session.scalars(query) if is_transcript(row)]
    if not rows:
        return None
    return max(rows, key=_transcript_rank)


def _transcript_rank(recording: Recording) -> tuple[datetime, bool, datetime]:
    start = recording.meeting_start or recording.created_at
    return start, recording.file_type.upper() == "TRANSCRIPT", recording.created_at
