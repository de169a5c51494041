"""The fetch job: claim one sync item, bring its file into storage, record it, say so.

Failures are retried with exponential backoff (the delay doubles from
`sync_retry_seconds`) until `sync_max_attempts`, then the item is marked failed with
the reason. A job that is cancelled (the hub stopping) hands its item back at once;
one whose process dies leaves a lease that runs out, and the reconcile pass sends it
again. The recording row is written only once the stored bytes are verified, and it
is keyed by the source's id, so a file fetched twice is still one row and one object.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from pathlib import Path

import structlog

from ...zoom import ChecksumMismatchError, SizeMismatchError
from ..db.base import new_id
from ..db.models import Recording
from ..db.sync_models import SyncItem
from ..events import RECORDING_STORED, TRANSCRIPT_STORED, HubEvent
from ..jobs import RetryLater
from ..recordings.service import (
    find_recording,
    save_recording,
    storage_key,
    update_recording,
)
from . import items, naming, transfer
from .context import SyncContext
from .transcripts import transcript_text

log = structlog.get_logger("zoomstack.hub.sync")
MAX_BACKOFF_SECONDS = 3600.0


def backoff(attempt: int, first: float) -> float:
    """Seconds before try `attempt + 1`: first, 2x, 4x ... capped at an hour."""
    return float(min(first * 2 ** max(attempt - 1, 0), MAX_BACKOFF_SECONDS))


def reason(exc: BaseException) -> str:
    if isinstance(exc, SizeMismatchError):
        return f"size mismatch: {exc}"
    if isinstance(exc, ChecksumMismatchError):
        return f"checksum mismatch: {exc}"
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, transfer.IntegrityFailure) else f"{type(exc).__name__}: {text}"


class Fetcher:
    """The job behind `FETCH`: one item id in, its file stored (or a retry, or failed)."""

    def __init__(self, ctx: SyncContext) -> None:
        self.ctx = ctx

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.ctx.settings.sync_lease_seconds)

    async def __call__(self, item_id: str) -> None:
        async with self.ctx.limit:
            async with self.ctx.hub.db.sessions() as session:
                item = await items.claim(
                    session, item_id=item_id, worker=self.ctx.worker, lease=self.lease
                )
            if item is not None:
                await self._work(item)

    async def _work(self, item: SyncItem) -> None:
        heartbeat = asyncio.create_task(self._heartbeat(item.id))
        try:
            recording = await self._store(item)
        except asyncio.CancelledError:
            await asyncio.shield(self._release(item))
            raise
        except Exception as exc:
            await self._failed(item, exc)
        else:
            await self._finished(item, recording)
        finally:
            heartbeat.cancel()

    async def _heartbeat(self, item_id: str) -> None:
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            async with self.ctx.hub.db.sessions() as session:
                held = await items.extend_lease(
                    session, item_id=item_id, worker=self.ctx.worker, lease=self.lease
                )
            if not held:
                log.warning("sync_claim_lost", item_id=item_id)
                return

    async def _store(self, item: SyncItem) -> Recording:
        info = naming.recording_info(item)
        async with self.ctx.hub.db.sessions() as session:
            existing = await find_recording(
                session, user_id=item.user_id, external_id=item.external_id
            )
            if existing is not None and _same_cloud_file(existing, item):
                return existing  # stored before a crash, only the item was not marked
        recording_id = existing.recording_id if existing else new_id()
        key = storage_key(user_id=item.user_id, recording_id=recording_id, file_name=info.file_name)
        await self._clear_earlier_attempt(item, live=existing.storage_key if existing else None)
        async with self.ctx.hub.db.sessions() as session:
            await items.plan_key(session, item=item, worker=self.ctx.worker, key=key)
        moved = await self._transfer(item, key, keep_text=naming.is_transcript(item))
        async with self.ctx.hub.db.sessions() as session:
            recording = await save_recording(
                session, self.ctx.hub.storage, user_id=item.user_id,
                recording_id=recording_id, info=info, stored=moved.stored,
            )  # fmt: skip
            if moved.text_bytes is not None:
                recording = await update_recording(
                    session, user_id=item.user_id, recording_id=recording_id,
                    changes={"transcription_text": transcript_text(moved.text_bytes)},
                )  # fmt: skip
        return recording

    async def _clear_earlier_attempt(self, item: SyncItem, *, live: str | None) -> None:
        """An attempt whose process died wrote (part of) an object no row points at."""
        earlier = item.details.get(items.STORING)
        if isinstance(earlier, str) and earlier != live:
            await self.ctx.hub.storage.discard(earlier)

    async def _transfer(self, item: SyncItem, key: str, *, keep_text: bool) -> transfer.Transferred:
        storage, details = self.ctx.hub.storage, item.details
        if item.source == naming.FOLDER:
            return await transfer.local_file(
                storage, key=key, path=Path(details["path"]), size=item.size,
                mtime_ns=int(details["mtime_ns"]), keep_text=keep_text,
                on_bytes=self.ctx.count_bytes,
            )  # fmt: skip
        if self.ctx.zoom is None:
            raise RuntimeError("Zoom is not connected: set the hub's zoom_* settings")
        return await transfer.cloud_file(
            self.ctx.zoom, storage, key=key, url=details["download_url"], size=item.size or None,
            keep_text=keep_text, on_bytes=self.ctx.count_bytes,
        )  # fmt: skip

    async def _finished(self, item: SyncItem, recording: Recording) -> None:
        async with self.ctx.hub.db.sessions() as session:
            done = await items.finish(
                session,
                item_id=item.id,
                worker=self.ctx.worker,
                recording_id=recording.recording_id,
            )
            await items.settle_item_run(session, item_id=item.id)
        if done:
            log.info("sync_file_stored", item_id=item.id, recording_id=recording.recording_id)
            await self._announce(recording)

    async def _announce(self, recording: Recording) -> None:
        data = {
            "recording_id": recording.recording_id,
            "source": recording.source,
            "file_type": recording.file_type,
            "meeting_id": recording.meeting_id,
            "external_id": recording.external_id,
        }
        events = self.ctx.hub.events
        await events.publish(HubEvent(RECORDING_STORED, recording.user_id, data))
        if recording.transcription_text is not None:
            await events.publish(HubEvent(TRANSCRIPT_STORED, recording.user_id, data))

    async def _failed(self, item: SyncItem, exc: Exception) -> None:
        why = reason(exc)
        settings = self.ctx.settings
        log.warning("sync_file_failed", item_id=item.id, attempt=item.attempts, reason=why)
        async with self.ctx.hub.db.sessions() as session:
            if item.attempts >= settings.sync_max_attempts:
                await items.give_up(session, item_id=item.id, worker=self.ctx.worker, reason=why)
                await items.settle_item_run(session, item_id=item.id)
                return
            delay = backoff(item.attempts, settings.sync_retry_seconds)
            await items.retry_later(
                session, item_id=item.id, worker=self.ctx.worker, reason=why, delay=delay
            )
        raise RetryLater(why, delay) from exc

    async def _release(self, item: SyncItem) -> None:
        with contextlib.suppress(Exception):
            async with self.ctx.hub.db.sessions() as session:
                await items.release(session, item_id=item.id, worker=self.ctx.worker)


def _same_cloud_file(recording: Recording, item: SyncItem) -> bool:
    return item.source == naming.CLOUD and recording.file_size == item.size and item.size > 0
