"""Transcription rows: asked for, claimed with a lease, advanced a chunk at a time, ended."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.base import utcnow
from ..db.models import ProcessingStatus, Recording
from ..db.sync_models import SyncItem
from ..db.transcription_models import Transcription, TranscriptionChunk
from ..db.transcription_models import TranscriptionStatus as Status
from .engine import Cue
from .runner import ChunkDone


async def for_recording(session: AsyncSession, recording_id: str) -> Transcription | None:
    query = select(Transcription).where(Transcription.recording_id == recording_id)
    return await session.scalar(query.execution_options(populate_existing=True))


async def request(session: AsyncSession, *, recording: Recording) -> Transcription:
    """Ask for (or again for) the recording's transcription; a finished one starts over,
    a failed or interrupted one keeps its chunks and goes on after them."""
    row = await for_recording(session, recording.recording_id)
    if row is None:
        row = Transcription(user_id=recording.user_id, recording_id=recording.recording_id)
        row.attempts, row.seconds_done, row.chunks_done, row.duration_seconds = 0, 0.0, 0, 0.0
        session.add(row)
    elif row.status in (Status.done, Status.skipped):
        await session.execute(
            delete(TranscriptionChunk).where(TranscriptionChunk.transcription_id == row.id)
        )
        row.seconds_done, row.chunks_done, row.transcript_id = 0.0, 0, None
    row.status, row.error, row.attempts, row.lease_until = Status.pending.value, None, 0, None
    await session.commit()
    return row


async def skip(session: AsyncSession, *, recording: Recording, reason: str) -> Transcription:
    row = await request(session, recording=recording)
    row.status, row.error, row.finished_at = Status.skipped.value, reason, utcnow()
    await session.commit()
    return row


async def claim(
    session: AsyncSession, *, transcription_id: str, worker: str, lease: timedelta
) -> Transcription | None:
    """Hold the row for `lease` unless it is finished or another worker holds it."""
    now = utcnow()
    result = await session.execute(
        update(Transcription)
        .where(
            Transcription.id == transcription_id,
            or_(
                Transcription.status == Status.pending.value,
                (Transcription.status == Status.running.value) & (Transcription.lease_until < now),
            ),
        )
        .values(
            status=Status.running.value,
            claimed_by=worker,
            lease_until=now + lease,
            attempts=Transcription.attempts + 1,
            updated_at=now,
        )
    )
    await session.commit()
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get(Transcription, transcription_id, populate_existing=True)


async def held(session: AsyncSession, row_id: str, worker: str, lease: timedelta) -> bool:
    """Extend the lease; whether this worker still holds the row."""
    result = await session.execute(
        update(Transcription)
        .where(
            Transcription.id == row_id,
            Transcription.claimed_by == worker,
            Transcription.status == Status.running.value,
        )
        .values(lease_until=utcnow() + lease)
    )
    await session.commit()
    return getattr(result, "rowcount", 0) == 1


async def chunks(session: AsyncSession, row_id: str) -> list[TranscriptionChunk]:
    query = select(TranscriptionChunk).where(TranscriptionChunk.transcription_id == row_id)
    return list(await session.scalars(query.order_by(TranscriptionChunk.index)))


async def save_chunk(
    session: AsyncSession, *, row: Transcription, done: ChunkDone, duration: float
) -> None:
    """Keep a finished chunk and the progress it makes, in one transaction."""
    session.add(
        TranscriptionChunk(
            transcription_id=row.id, index=done.index, start_seconds=done.start,
            end_seconds=done.end, end_sample=done.end_sample,
            cues=[cue.row() for cue in done.cues],
        )
    )  # fmt: skip
    await session.execute(
        update(Transcription)
        .where(Transcription.id == row.id)
        .values(
            chunks_done=done.index + 1,
            seconds_done=done.end,
            duration_seconds=max(duration, done.end),
            updated_at=utcnow(),
        )
    )
    await session.commit()


def cues_of(rows: list[TranscriptionChunk]) -> list[list[Cue]]:
    return [[Cue.from_row(cue) for cue in row.cues] for row in rows]


async def start(session: AsyncSession, *, row_id: str, duration: float, model: str) -> None:
    await session.execute(
        update(Transcription)
        .where(Transcription.id == row_id)
        .values(duration_seconds=duration, model=model)
    )
    await _mark(session, row_id, ProcessingStatus.processing)


async def end(
    session: AsyncSession,
    *,
    row_id: str,
    status: Status,
    error: str | None = None,
    transcript_id: str | None = None,
) -> Transcription | None:
    row = await session.get(Transcription, row_id, populate_existing=True)
    if row is None:
        return None
    row.status, row.error, row.lease_until = status.value, error, None
    row.finished_at = utcnow()
    if transcript_id is not None:
        row.transcript_id, row.seconds_done = transcript_id, row.duration_seconds
    # The recording's status changes in the same commit: a reader never sees the
    # transcription ended and the recording still processing.
    recording = await session.get(Recording, row.recording_id)
    if recording is not None:
        failed = status is Status.failed
        recording.processing_status = (
            ProcessingStatus.failed if failed else ProcessingStatus.processed
        ).value
    await session.commit()
    return row


async def _mark(session: AsyncSession, row_id: str, status: ProcessingStatus) -> None:
    row = await session.get(Transcription, row_id)
    recording = await session.get(Recording, row.recording_id) if row else None
    if recording is not None:
        recording.processing_status = status.value
    await session.commit()


async def lost(session: AsyncSession, *, older_than: datetime) -> list[str]:
    """Rows no job is working on: pending since before `older_than`, or a lapsed lease."""
    query = select(Transcription.id).where(
        or_(
            (Transcription.status == Status.pending.value)
            & (Transcription.updated_at < older_than),
            (Transcription.status == Status.running.value) & (Transcription.lease_until < utcnow()),
        )
    )
    return list(await session.scalars(query))


_ENDED = (Status.done.value, Status.failed.value, Status.skipped.value)


async def participant_parts(
    session: AsyncSession, *, recording: Recording
) -> list[tuple[Recording, Transcription]] | None:
    """Every participant audio file of `recording`'s meeting with its transcription, once
    all are stored and every transcription has ended; None before then.

    The set is the one Zoom listed: the sync found them together and gave each the ids
    of all (`participant_files`), so a file not stored yet is known to be missing."""
    item = await session.scalar(
        select(SyncItem).where(
            SyncItem.user_id == recording.user_id, SyncItem.external_id == recording.external_id
        )
    )
    listed = item.details.get("participant_files") if item is not None else None
    ids: list[str] = [str(i) for i in listed] if isinstance(listed, list) else []
    if recording.external_id and recording.external_id not in ids:
        ids.append(recording.external_id)
    query = select(Recording).where(
        Recording.user_id == recording.user_id, Recording.external_id.in_(ids)
    )
    audio = list(await session.scalars(query.execution_options(populate_existing=True)))
    if not ids or len(audio) < len(ids):
        return None
    rows = await session.scalars(
        select(Transcription)
        .where(Transcription.recording_id.in_([a.recording_id for a in audio]))
        .execution_options(populate_existing=True)
    )
    by_recording = {row.recording_id: row for row in rows}
    parts = [(a, by_recording[a.recording_id]) for a in audio if a.recording_id in by_recording]
    if len(parts) < len(audio) or any(row.status not in _ENDED for _, row in parts):
        return None
    parts.sort(key=lambda part: part[0].speaker or "")
    return parts


async def link_transcript(
    session: AsyncSession, *, recording_ids: Sequence[str], transcript_id: str
) -> int:
    """Point the finished transcriptions of `recording_ids` at the merged transcript;
    how many did not point at it yet (0: another worker's merge got there first)."""
    result = await session.execute(
        update(Transcription)
        .where(
            Transcription.recording_id.in_(list(recording_ids)),
            Transcription.status == Status.done.value,
            or_(
                Transcription.transcript_id.is_(None), Transcription.transcript_id != transcript_id
            ),
        )
        .values(transcript_id=transcript_id, updated_at=utcnow())
    )
    await session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
