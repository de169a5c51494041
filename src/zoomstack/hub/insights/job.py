"""The intel job: one transcript in, the meeting's insights stored, the user told.

The engine is CPU work (seconds for an hour of talk), so it runs in a worker thread
and the event loop keeps serving. A transcript that cannot be read fails the job
with the reason, kept on the row; running it again is always allowed.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import structlog

from ..db.models import Recording
from ..intel import Insights, IntelError, analyze
from ..realtime import Realtime
from ..realtime import events as live
from ..state import Hub
from ..storage import Storage
from . import store

log = structlog.get_logger("zoomstack.hub.intel")
MAX_TRANSCRIPT_BYTES = 32 * 1024 * 1024


class TranscriptTooLarge(IntelError):
    pass


async def read_transcript(storage: Storage, recording: Recording) -> str:
    data = bytearray()
    async for chunk in storage.open(recording.storage_key):
        data += chunk
        if len(data) > MAX_TRANSCRIPT_BYTES:
            raise TranscriptTooLarge(f"the transcript is over {MAX_TRANSCRIPT_BYTES} bytes")
    return data.decode("utf-8", errors="replace")


def insight_summary(insights: Insights) -> tuple[str, list[Any]]:
    """The summary text and action items as the recording row keeps them."""
    actions = [item.model_dump(mode="json") for item in insights.action_items]
    return insights.summary.text(), actions


class IntelJob:
    """Runs as `INTEL_JOB` on the hub's job engine; takes a transcript's recording id."""

    def __init__(self, hub: Hub, realtime: Realtime) -> None:
        self.hub = hub
        self.realtime = realtime

    @property
    def lease(self) -> timedelta:
        """A running job beats more often than this; one silent longer has died (the
        sync's claims use the same lease)."""
        return timedelta(seconds=self.hub.settings.sync_lease_seconds)

    async def __call__(self, recording_id: str) -> None:
        async with self.hub.db.sessions() as session:
            recording = await session.get(Recording, recording_id)
            if recording is None or not await store.claim(session, recording_id=recording_id):
                return  # deleted since, or another job is on it
            await store.mark_processing(session, recording_id=recording_id)
        heartbeat = asyncio.create_task(self._heartbeat(recording_id))
        try:
            insights = await self._analyze(recording)
        except Exception as exc:
            await self._failed(recording, exc)
            return
        finally:
            heartbeat.cancel()
        await self._done(recording, insights)

    async def _heartbeat(self, recording_id: str) -> None:
        """Show the reconcile pass the job is alive while the engine works."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            async with self.hub.db.sessions() as session:
                await store.touch(session, recording_id=recording_id)

    async def _analyze(self, recording: Recording) -> Insights:
        text = await read_transcript(self.hub.storage, recording)
        start = recording.meeting_start
        day = start.date() if start else None
        return await asyncio.to_thread(analyze, text, meeting_date=day)

    async def _done(self, recording: Recording, insights: Insights) -> None:
        summary, actions = insight_summary(insights)
        async with self.hub.db.sessions() as session:
            row = await store.finish(
                session,
                recording_id=recording.recording_id,
                engine=insights.engine,
                insights=insights.model_dump(mode="json"),
            )
            await store.mark_recording(
                session, recording_id=recording.recording_id, summary=summary, actions=actions
            )
        if row is None:
            return
        log.info("insights_stored", recording_id=recording.recording_id)
        data = {
            "meeting_id": recording.meeting_id,
            "meeting_uuid": recording.meeting_uuid,
            "recording_id": recording.recording_id,
            "overview": insights.summary.overview,
            "action_items": len(insights.action_items),
        }
        await self.realtime.publish(recording.user_id, live.SUMMARY_READY, data)

    async def _failed(self, recording: Recording, exc: Exception) -> None:
        reason = str(exc) if isinstance(exc, IntelError) else f"{type(exc).__name__}: {exc}"
        log.warning("insights_failed", recording_id=recording.recording_id, reason=reason)
        async with self.hub.db.sessions() as session:
            await store.finish(
                session, recording_id=recording.recording_id, engine="", insights=None, error=reason
            )
            await store.mark_recording(
                session, recording_id=recording.recording_id, summary=None, actions=None
            )
