"""Recording rows and their stored files, always scoped to the owning user.

The sync and the folder watcher call `ingest_recording` (or `find_recording` first, to
skip what they already have); uploads use `store_recording_file` and
`save_recording` separately so that form fields sent after the file still count.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.base import new_id, utcnow
from ..db.models import ProcessingStatus, Recording
from ..errors import NotFound
from ..storage import Storage, StoredObject
from ..storage.signing import LinkSigner, SignedLink

UPDATABLE = frozenset(
    {"meeting_title", "processing_status", "transcription_text", "summary", "action_items"}
)


@dataclass(slots=True)
class RecordingInfo:
    """What is known about a file besides its bytes."""

    file_name: str
    file_type: str
    content_type: str = "application/octet-stream"
    source: str = "upload"
    external_id: str | None = None
    meeting_id: str | None = None
    meeting_uuid: str | None = None
    meeting_title: str = ""
    file_url: str | None = None
    meeting_start: datetime | None = None
    speaker: str | None = None  # a participant's own audio file: whose


def storage_key(*, user_id: str, recording_id: str, file_name: str) -> str:
    # A fresh segment per write: a replaced file never overwrites the one a row
    # still points at, so a failed replacement loses nothing.
    return f"users/{user_id}/recordings/{recording_id}/{new_id()[:12]}/{file_name}"


async def find_recording(
    session: AsyncSession, *, user_id: str, external_id: str
) -> Recording | None:
    """The user's recording that came from `external_id`, if it was stored already."""
    query = select(Recording).where(
        Recording.user_id == user_id, Recording.external_id == external_id
    )
    return await session.scalar(query)


async def get_recording(session: AsyncSession, *, user_id: str, recording_id: str) -> Recording:
    """The user's recording; another user's is 'not found', the same as a missing one."""
    recording = await session.get(Recording, recording_id)
    if recording is None or recording.user_id != user_id:
        raise NotFound("Recording not found.")
    return recording


async def store_recording_file(
    storage: Storage,
    *,
    user_id: str,
    recording_id: str,
    file_name: str,
    chunks: AsyncIterable[bytes],
) -> StoredObject:
    """Stream `chunks` into storage; nothing is left behind when the stream fails."""
    key = storage_key(user_id=user_id, recording_id=recording_id, file_name=file_name)
    return await storage.put(key, chunks)


async def save_recording(
    session: AsyncSession,
    storage: Storage,
    *,
    user_id: str,
    recording_id: str,
    info: RecordingInfo,
    stored: StoredObject,
) -> Recording:
    """Write the row for a stored file (replacing the file of the same external_id).

    If the row cannot be written, the new object is deleted again; the old file of a
    replaced row is deleted only once the row points at the new one.
    """
    existing = await _existing(session, user_id=user_id, info=info)
    recording = existing or Recording(recording_id=recording_id, user_id=user_id)
    old_key = recording.storage_key if existing else ""
    _apply(recording, info, stored)
    session.add(recording)
    await _to_the_end(_commit_or_delete(session, storage, key=stored.key))
    if old_key and old_key != stored.key:
        await storage.delete(old_key)
    return recording


async def _commit_or_delete(session: AsyncSession, storage: Storage, *, key: str) -> None:
    try:
        await session.commit()
    except BaseException:
        await session.rollback()
        await storage.delete(key)
        raise


async def _to_the_end(work: Coroutine[Any, Any, None]) -> None:
    """Await `work` to its end even if the caller is cancelled meanwhile (a hub stopping),
    then let the cancellation go on: a commit cut short may still have landed, and only
    its end says whether the row's object must stay or go."""
    task = asyncio.ensure_future(work)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await task
        raise


async def ingest_recording(
    session: AsyncSession,
    storage: Storage,
    *,
    user_id: str,
    info: RecordingInfo,
    chunks: AsyncIterable[bytes],
) -> Recording:
    """Store a file for `user_id` and write its row: what sync and watcher call."""
    existing = await _existing(session, user_id=user_id, info=info)
    recording_id = existing.recording_id if existing else new_id()
    stored = await store_recording_file(
        storage, user_id=user_id, recording_id=recording_id, file_name=info.file_name, chunks=chunks
    )
    return await save_recording(
        session, storage, user_id=user_id, recording_id=recording_id, info=info, stored=stored
    )


async def update_recording(
    session: AsyncSession, *, user_id: str, recording_id: str, changes: dict[str, Any]
) -> Recording:
    """Set derived fields (status, transcript, summary, action items, title)."""
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    recording = await get_recording(session, user_id=user_id, recording_id=recording_id)
    for name, value in changes.items():
        setattr(recording, name, value)
    await session.commit()
    return recording


async def delete_recording(
    session: AsyncSession, storage: Storage, *, user_id: str, recording_id: str
) -> None:
    """Remove the row, then its file (a file without a row is harmless, not the reverse)."""
    recording = await get_recording(session, user_id=user_id, recording_id=recording_id)
    key = recording.storage_key
    await session.delete(recording)
    await session.commit()
    if key:
        await storage.delete(key)


async def _existing(
    session: AsyncSession, *, user_id: str, info: RecordingInfo
) -> Recording | None:
    if info.external_id is None:
        return None
    return await find_recording(session, user_id=user_id, external_id=info.external_id)


def _apply(recording: Recording, info: RecordingInfo, stored: StoredObject) -> None:
    recording.source = info.source
    recording.external_id = info.external_id
    recording.meeting_id = info.meeting_id
    recording.meeting_uuid = info.meeting_uuid
    recording.meeting_title = info.meeting_title
    recording.meeting_start = info.meeting_start
    recording.file_name = info.file_name
    recording.file_type = info.file_type
    recording.content_type = info.content_type
    recording.file_url = info.file_url
    recording.speaker = info.speaker
    recording.file_size = stored.size
    recording.checksum = stored.checksum
    recording.storage_key = stored.key
    recording.processing_status = ProcessingStatus.stored.value


async def download_link(
    storage: Storage, signer: LinkSigner, *, recording: Recording, ttl: timedelta, presign: bool
) -> SignedLink:
    """An expiring URL for the file: the store's own (S3 presign) or the hub's."""
    if presign:
        url = await storage.presign(recording.storage_key, expires_in=ttl)
        if url is not None:
            return SignedLink(url=url, expires_at=utcnow() + ttl)
    return signer.sign(recording.recording_id, ttl=ttl)
