"""Starting intel jobs: after each stored transcript, and again when a user asks."""

from __future__ import annotations

from datetime import timedelta

import structlog

from ..db.meeting_models import MeetingInsight
from ..db.models import Recording
from ..events import TRANSCRIPT_STORED, HubEvent
from ..jobs import JobEngine
from ..realtime import Realtime
from ..state import Hub
from . import store
from .job import IntelJob

log = structlog.get_logger("zoomstack.hub.intel")
INTEL_JOB = "zoomstack.intel.analyze"


class IntelService:
    def __init__(self, hub: Hub, engine: JobEngine, realtime: Realtime) -> None:
        self.hub = hub
        self.engine = engine
        self.job = IntelJob(hub, realtime)
        engine.register(INTEL_JOB, self.job)

    async def on_event(self, event: HubEvent) -> None:
        """The hub's event hook: a stored transcript gets its insights made."""
        if event.name != TRANSCRIPT_STORED:
            return
        recording_id = str(event.data.get("recording_id", ""))
        async with self.hub.db.sessions() as session:
            recording = await session.get(Recording, recording_id)
            if recording is None or not store.is_transcript(recording):
                return
            await self.request(recording)

    async def reconcile(self, *, min_age: timedelta) -> int:
        """Send again the jobs no one is doing: pending ones older than `min_age`, and
        running ones whose job stopped beating (its process died); how many."""
        async with self.hub.db.sessions() as session:
            lost = await store.lost(session, pending_age=min_age, running_age=self.job.lease)
        for recording_id in lost:
            await self.engine.send(INTEL_JOB, recording_id)
        if lost:
            log.info("insights_reconciled", jobs=len(lost))
        return len(lost)

    async def request(self, recording: Recording) -> MeetingInsight:
        """Make (or make again) the insights of one transcript, as a job."""
        async with self.hub.db.sessions() as session:
            row = await store.request(session, recording=recording)
        await self.engine.send(INTEL_JOB, recording.recording_id)
        log.info("insights_requested", recording_id=recording.recording_id)
        return row
