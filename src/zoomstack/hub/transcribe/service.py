"""Which recordings get transcribed, and starting (or resuming) their jobs.

A stored file with audio is transcribed when nothing else will give its words: a
watched or uploaded file without a transcript beside it, or a cloud recording whose
meeting Zoom lists no TRANSCRIPT for. Of a meeting's audio-only and video files,
only the audio-only one is transcribed; when the meeting has an audio file of each
participant, those are transcribed instead (each labelled with its speaker, then merged
into one transcript: see `job`), and neither mixed file is.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path, PurePath

import structlog
from sqlalchemy import select

from ...zoom import ZoomClient, ZoomError
from ..db.base import utcnow
from ..db.models import Recording
from ..db.transcription_models import Transcription
from ..events import RECORDING_STORED, HubEvent
from ..insights import instance_transcript
from ..jobs import JobEngine
from ..realtime import Realtime
from ..state import Hub
from ..sync.folder import meeting_of
from . import store
from .job import TranscribeJob

log = structlog.get_logger("zoomstack.hub.transcribe")
TRANSCRIBE_JOB = "zoomstack.transcribe"
AUDIO_TYPES = frozenset({"MP4", "M4A", "MP3", "WAV", "WEBM", "OGG", "FLAC"})
_PREFERRED = "M4A"  # of a meeting's files, the one with audio only
_SEPARATE = "the participants' own audio files are transcribed instead"


def has_audio(recording: Recording) -> bool:
    suffix = PurePath(recording.file_name).suffix.lstrip(".").upper()
    return recording.file_type.upper() in AUDIO_TYPES or suffix in AUDIO_TYPES


class TranscribeService:
    def __init__(
        self, hub: Hub, engine: JobEngine, realtime: Realtime, *, zoom: ZoomClient | None
    ) -> None:
        self.hub = hub
        self.engine = engine
        self.zoom = zoom
        self.job = TranscribeJob(hub, realtime)
        engine.register(TRANSCRIBE_JOB, self.job)

    async def on_event(self, event: HubEvent) -> None:
        """The hub's event hook: a stored file with audio and no transcript is transcribed."""
        if event.name != RECORDING_STORED or not self.hub.settings.transcribe_on_store:
            return
        async with self.hub.db.sessions() as session:
            recording = await session.get(Recording, str(event.data.get("recording_id", "")))
        if recording is None or not has_audio(recording):
            return
        reason = await self.covered(recording)
        if reason is not None:
            async with self.hub.db.sessions() as session:
                await store.skip(session, recording=recording, reason=reason)
            return
        await self.request(recording)

    async def request(self, recording: Recording) -> Transcription:
        """Transcribe (again) as a job; a failed or interrupted one goes on where it was."""
        async with self.hub.db.sessions() as session:
            row = await store.request(session, recording=recording)
        await self.engine.send(TRANSCRIBE_JOB, row.id)
        log.info("transcription_requested", recording_id=recording.recording_id)
        return row

    async def covered(self, recording: Recording) -> str | None:
        """Why the recording needs no transcription of its own; None when it does."""
        if recording.source == "folder":
            return _folder_covers(Path(recording.external_id or ""))
        sibling = await self._sibling_transcript(recording)
        if sibling is not None:
            return f"the recording has a transcript: {sibling.file_name}"
        if recording.speaker is None and await self._has_participant_audio(recording):
            return _SEPARATE
        if recording.source == "cloud":
            return await self._zoom_covers(recording)
        return None

    async def _sibling_transcript(self, recording: Recording) -> Recording | None:
        """A transcript of the same meeting instance (its UUID) the user holds."""
        if not recording.meeting_uuid:
            return None
        async with self.hub.db.sessions() as session:
            return await instance_transcript(
                session, user_id=recording.user_id, meeting_uuid=recording.meeting_uuid
            )

    async def _has_participant_audio(self, recording: Recording) -> bool:
        """Whether the user holds an audio file of a participant of the same meeting."""
        if not recording.meeting_uuid:
            return False
        query = select(Recording.recording_id).where(
            Recording.user_id == recording.user_id,
            Recording.meeting_uuid == recording.meeting_uuid,
            Recording.speaker.is_not(None),
        )
        async with self.hub.db.sessions() as session:
            return await session.scalar(query.limit(1)) is not None

    async def _zoom_covers(self, recording: Recording) -> str | None:
        """Zoom's own listing of the meeting: a TRANSCRIPT there will be synced."""
        if self.zoom is None or not recording.meeting_uuid:
            return None
        try:
            meeting = await self.zoom.get_meeting_recordings(recording.meeting_uuid)
        except ZoomError as exc:
            log.warning("transcription_zoom_check_failed", reason=str(exc))
            return None
        types = {file.file_type.upper() for file in meeting.recording_files}
        if "TRANSCRIPT" in types:
            return "Zoom has a transcript of this meeting"
        if recording.speaker is None and meeting.participant_audio_files:
            return _SEPARATE
        if recording.file_type.upper() != _PREFERRED and _PREFERRED in types:
            return "the meeting's audio-only file is transcribed instead"
        return None

    async def reconcile(self, *, at_start: bool = False) -> int:
        """Send jobs again for rows no job is working on; how many."""
        # At start, an in-process queue is empty: nothing sent earlier can still come.
        fresh = at_start and self.engine.in_process
        lease = timedelta(seconds=self.hub.settings.transcribe_lease_seconds)
        async with self.hub.db.sessions() as session:
            lost = await store.lost(
                session, older_than=utcnow() - (timedelta(0) if fresh else lease)
            )
        for row_id in lost:
            await self.engine.send(TRANSCRIBE_JOB, row_id)
        if lost:
            log.info("transcriptions_reconciled", count=len(lost))
        return len(lost)


def _folder_covers(path: Path) -> str | None:
    """Zoom's local recording folder: a .vtt beside it, or an audio-only file to prefer."""
    if meeting_of(path.parent.name)[1] is None or not path.parent.is_dir():
        return None  # not one meeting's folder: its other files are other recordings
    siblings = [p for p in path.parent.iterdir() if p != path]
    for sibling in siblings:
        if sibling.suffix.lower() == ".vtt":
            return f"the recording has a transcript: {sibling.name}"
    if path.suffix.lower() == ".mp4" and any(s.suffix.lower() == ".m4a" for s in siblings):
        return "the meeting's audio-only file is transcribed instead"
    return None
