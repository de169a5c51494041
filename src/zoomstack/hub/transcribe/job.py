"""The transcription job: one recording's audio in, a WebVTT transcript stored, the
insights job started on it as on any transcript.

The file is copied from storage to a private temporary file (PyAV reads files; the
store may be S3), then transcribed a chunk at a time in a worker thread. After each
chunk the job saves it with the progress, extends its lease and tells the user's live
clients, so the dashboard and `GET /recordings/{id}` show how far it has got. A job
whose process dies leaves a lease that runs out; the reconcile pass sends it again,
and it goes on after the last saved chunk. A file that cannot be decoded, or holds no
speech, ends `failed` with the reason; a chunk that takes far too long fails the job
rather than holding it forever.

A participant's own audio file (Zoom's "separate audio file of each participant",
`Recording.speaker`) gets no transcript of its own: its cues, labelled with the
speaker, stay with its transcription, and the job that finishes the meeting's last
such file merges every participant's cues in time order into one WebVTT, stored as
the meeting's transcript, so the insights job runs once, on the whole meeting.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import tempfile
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path, PurePath

import structlog
from sqlalchemy.exc import IntegrityError

from ..db.base import new_id
from ..db.models import Recording
from ..db.transcription_models import Transcription
from ..db.transcription_models import TranscriptionStatus as Status
from ..errors import HubError
from ..events import TRANSCRIPT_STORED, HubEvent
from ..realtime import Realtime
from ..recordings.service import RecordingInfo, save_recording, store_recording_file
from ..recordings.validation import sanitize_filename
from ..state import Hub
from ..sync.context import worker_name
from ..sync.transcripts import transcript_text
from . import store
from .audio import AudioError
from .engine import Cue, Engine, EngineOptions, EngineUnavailable
from .runner import ChunkDone, Transcriber, all_cues
from .vtt import write_vtt

log = structlog.get_logger("zoomstack.hub.transcribe")

PROGRESS = "transcription.progress"  # live event after each chunk
DONE = "transcription.done"
FAILED = "transcription.failed"
_USER_ERRORS = (AudioError, EngineUnavailable)


class ChunkTimeout(Exception):
    pass


class ClaimLost(Exception):
    """Another worker holds the row now (this one's lease ran out): leave it to them."""


class TranscribeJob:
    """Runs as TRANSCRIBE_JOB; takes a transcription row's id."""

    def __init__(self, hub: Hub, realtime: Realtime) -> None:
        self.hub = hub
        self.realtime = realtime
        self.worker = worker_name()
        self.limit = asyncio.Semaphore(1)  # one at a time: each uses every core

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.hub.settings.transcribe_lease_seconds)

    async def __call__(self, transcription_id: str) -> None:
        async with self.limit:
            async with self.hub.db.sessions() as session:
                row = await store.claim(
                    session, transcription_id=transcription_id, worker=self.worker,
                    lease=self.lease,
                )  # fmt: skip
                recording = await session.get(Recording, row.recording_id) if row else None
            if row is not None and recording is not None:
                await self._run(row, recording)

    async def _run(self, row: Transcription, recording: Recording) -> None:
        try:
            with tempfile.TemporaryDirectory(prefix="zoomstack-transcribe-") as work:
                path = await self._spool(recording, Path(work))
                cues = await self._transcribe(row, recording, path)
            transcript = None
            if recording.speaker is None:
                transcript = await self._store_vtt(recording, write_vtt(cues))
        except asyncio.CancelledError:
            await asyncio.shield(self._release(row.id))
            raise
        except ClaimLost:
            log.warning("transcription_claim_lost", recording_id=recording.recording_id)
        except Exception as exc:
            await self._failed(row, recording, exc)
            if recording.speaker is not None:  # the others' words are still worth merging
                await self._merge_participants(recording)
        else:
            if transcript is not None:
                await self._finished(row, recording, transcript)
            else:
                await self._finished_part(row, recording)

    async def _spool(self, recording: Recording, folder: Path) -> Path:
        path = folder / f"audio{PurePath(recording.file_name).suffix.lower()}"
        with path.open("wb") as file:
            async for chunk in self.hub.storage.open(recording.storage_key):
                await asyncio.to_thread(file.write, chunk)
        return path

    async def _transcribe(self, row: Transcription, recording: Recording, path: Path) -> list[Cue]:
        settings = self.hub.settings
        engine = await asyncio.to_thread(Engine, EngineOptions.of(settings))
        runner = Transcriber(engine, chunk_seconds=settings.transcribe_chunk_seconds)
        info = await asyncio.to_thread(runner.probe, path)
        async with self.hub.db.sessions() as session:
            await store.start(session, row_id=row.id, duration=info.duration, model=engine.name)
            saved = await store.chunks(session, row.id)
        skip = saved[-1].end_sample if saved else 0
        steps = runner.steps(
            path, index=len(saved), skip=skip, pauses=recording.speaker is not None
        )
        parts, peak = store.cues_of(saved), 0.0
        while (done := await self._next(steps)) is not None:
            await self._save(row, recording, done, info.duration)
            parts.append(done.cues)
            peak = max(peak, done.peak)
        # A participant's file may hold no words; its cues are named in the merge.
        return all_cues(
            parts, peak=peak if not saved else 1.0, quiet_ok=recording.speaker is not None
        )

    async def _next(self, steps: Iterator[ChunkDone]) -> ChunkDone | None:
        seconds = self.hub.settings.transcribe_chunk_timeout_seconds
        try:
            async with asyncio.timeout(seconds):
                return await asyncio.to_thread(next, steps, None)
        except TimeoutError:
            raise ChunkTimeout(f"a chunk took longer than {seconds:.0f} s to transcribe") from None

    async def _save(
        self, row: Transcription, recording: Recording, done: ChunkDone, duration: float
    ) -> None:
        async with self.hub.db.sessions() as session:
            if not await store.held(session, row.id, self.worker, self.lease):
                raise ClaimLost
            await store.save_chunk(session, row=row, done=done, duration=duration)
            fresh = await store.for_recording(session, recording.recording_id)
        if fresh is not None:
            await self._tell(recording, PROGRESS, fresh)

    async def _store_vtt(
        self, recording: Recording, vtt: str, *, info: RecordingInfo | None = None,
        sources: tuple[str, ...] = (),
    ) -> Recording:  # fmt: skip
        """The transcript stored as a recording; its text also on the audio it came from
        (`recording`, or each of `sources`)."""
        data = vtt.encode()
        info = info or _transcript_info(recording)
        transcript_id = new_id()

        async def body() -> AsyncIterator[bytes]:
            yield data

        stored = await store_recording_file(
            self.hub.storage, user_id=recording.user_id, recording_id=transcript_id,
            file_name=info.file_name, chunks=body(),
        )  # fmt: skip
        text = transcript_text(data)
        async with self.hub.db.sessions() as session:
            saved = await save_recording(
                session, self.hub.storage, user_id=recording.user_id,
                recording_id=transcript_id, info=info, stored=stored,
            )  # fmt: skip
            saved.transcription_text = text
            for source_id in sources or (recording.recording_id,):
                audio = await session.get(Recording, source_id)
                if audio is not None:
                    audio.transcription_text = text
            await session.commit()
        return saved

    async def _finished(self, row: Transcription, recording: Recording, vtt: Recording) -> None:
        async with self.hub.db.sessions() as session:
            ended = await store.end(
                session, row_id=row.id, status=Status.done, transcript_id=vtt.recording_id
            )
        log.info("transcription_stored", recording_id=recording.recording_id)
        if ended is not None:
            await self._tell(recording, DONE, ended)
        await self._announce(vtt, transcribed_from=recording.recording_id)

    async def _finished_part(self, row: Transcription, recording: Recording) -> None:
        """One participant's file done: its cues wait in its chunks for the merge."""
        async with self.hub.db.sessions() as session:
            ended = await store.end(session, row_id=row.id, status=Status.done)
        log.info("participant_transcribed", recording_id=recording.recording_id)
        if ended is not None:
            await self._tell(recording, DONE, ended)
        await self._merge_participants(recording)

    async def _merge_participants(self, recording: Recording) -> None:
        """Once every participant file of the meeting is stored and its transcription has
        ended, their cues in time order as the meeting's transcript (failed files left
        out); before then, nothing."""
        async with self.hub.db.sessions() as session:
            parts = await store.participant_parts(session, recording=recording)
            if parts is None:
                return
            cues = [
                dataclasses.replace(cue, speaker=audio.speaker or cue.speaker)
                for audio, row in parts
                if row.status == Status.done.value
                for chunk in store.cues_of(await store.chunks(session, row.id))
                for cue in chunk
            ]
        if not cues:
            log.warning("participants_transcribed_nothing", meeting_uuid=recording.meeting_uuid)
            return
        cues.sort(key=lambda cue: (cue.start, cue.end, cue.speaker))
        sources = tuple(audio.recording_id for audio, _ in parts)
        # Hub processes that end the last two files at once both get here. Whichever
        # points the files at the transcript first announces it (once, so its insights
        # are made once); the other stored the same bytes, or lost the race to insert.
        try:
            vtt = await self._store_vtt(
                recording, write_vtt(cues), info=_meeting_transcript_info(recording),
                sources=sources,
            )  # fmt: skip
        except IntegrityError:
            log.info("participants_merged_elsewhere", meeting_uuid=recording.meeting_uuid)
            return
        async with self.hub.db.sessions() as session:
            linked = await store.link_transcript(
                session, recording_ids=sources, transcript_id=vtt.recording_id
            )
        if not linked:
            log.info("participants_merged_elsewhere", meeting_uuid=recording.meeting_uuid)
            return
        log.info("participants_merged", meeting_uuid=recording.meeting_uuid, files=len(parts))
        await self._announce(vtt, transcribed_from=list(sources))

    async def _announce(self, vtt: Recording, *, transcribed_from: str | list[str]) -> None:
        """A transcript the hub made is stored: its insights follow (TRANSCRIPT_STORED)."""
        data = {
            "recording_id": vtt.recording_id,
            "source": vtt.source,
            "file_type": vtt.file_type,
            "meeting_id": vtt.meeting_id,
            "transcribed_from": transcribed_from,
        }
        await self.hub.events.publish(HubEvent(TRANSCRIPT_STORED, vtt.user_id, data))

    async def _failed(self, row: Transcription, recording: Recording, exc: Exception) -> None:
        known = isinstance(exc, (*_USER_ERRORS, ChunkTimeout))
        reason = str(exc) if known else f"{type(exc).__name__}: {exc}"
        log.warning("transcription_failed", recording_id=recording.recording_id, reason=reason)
        async with self.hub.db.sessions() as session:
            ended = await store.end(session, row_id=row.id, status=Status.failed, error=reason)
        if ended is not None:
            await self._tell(recording, FAILED, ended)

    async def _release(self, row_id: str) -> None:
        """Hand the row back at once (the hub stopping): pending, chunks kept."""
        with contextlib.suppress(Exception):
            async with self.hub.db.sessions() as session:
                row = await session.get(Transcription, row_id, populate_existing=True)
                if row is not None and row.claimed_by == self.worker:
                    row.status, row.lease_until = Status.pending.value, None
                    await session.commit()

    async def _tell(self, recording: Recording, name: str, row: Transcription) -> None:
        data = {
            "recording_id": recording.recording_id,
            "meeting_id": recording.meeting_id,
            "status": row.status,
            "progress": round(row.progress, 4),
            "error": row.error,
            "transcript_id": row.transcript_id,
        }
        await self.realtime.publish(recording.user_id, name, data)


def _meeting_transcript_info(recording: Recording) -> RecordingInfo:
    """The transcript merged from a meeting's participant files: the meeting's own."""
    try:
        name = sanitize_filename(f"{recording.meeting_title or 'Meeting'}.transcript.vtt")
    except HubError:
        name = "meeting.transcript.vtt"
    meeting = recording.meeting_uuid or recording.meeting_id or recording.recording_id
    return _vtt_info(recording, name, f"{meeting}#participants-transcript")


def _transcript_info(recording: Recording) -> RecordingInfo:
    stem = PurePath(recording.file_name).stem or "recording"
    source_id = recording.external_id or recording.recording_id
    return _vtt_info(recording, f"{stem}.transcript.vtt", f"{source_id}#transcript")


def _vtt_info(recording: Recording, file_name: str, external_id: str) -> RecordingInfo:
    """A transcript row that belongs to the same meeting as `recording`."""
    return RecordingInfo(
        file_name=file_name,
        file_type="TRANSCRIPT",
        content_type="text/vtt",
        source=recording.source,
        external_id=external_id[-300:],
        meeting_id=recording.meeting_id,
        meeting_uuid=recording.meeting_uuid,
        meeting_title=recording.meeting_title,
        meeting_start=recording.meeting_start,
    )
