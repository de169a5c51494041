"""One stored file's page: a player for audio and video (from the hub's signed,
expiring link, which answers range requests so the browser can seek), the transcript
that goes with it (its cues follow the playback, and a click on one plays from
there), the transcription's progress, and the meeting's other files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.models import Recording
from ..db.transcription_models import Transcription
from ..deps import HubDep, SessionDep
from ..insights import instance_transcript, is_transcript
from ..intel.errors import TranscriptError
from ..intel.models import Cue
from ..intel.vtt import parse_vtt
from ..state import Hub
from ..storage import StorageError
from ..transcribe import store as transcriptions
from . import views
from .session import ViewerDep
from .templating import page

router = APIRouter(prefix="/app/recordings", include_in_schema=False)
RecordingId = Annotated[str, Path(pattern=r"^[0-9A-Za-z_-]{1,32}$")]
MOST_TRANSCRIPT_BYTES = 4 * 1024 * 1024  # a day of talk; a bigger file is not shown
# What browsers play, by file type or name suffix.
PLAYABLE = {
    "MP4": "video", "WEBM": "video", "M4A": "audio", "MP3": "audio", "WAV": "audio",
    "OGG": "audio", "FLAC": "audio",
}  # fmt: skip


def media_kind(recording: Recording) -> str:
    """video, audio, or file (nothing to play)."""
    suffix = PurePath(recording.file_name).suffix.lstrip(".").upper()
    return PLAYABLE.get(recording.file_type.upper()) or PLAYABLE.get(suffix) or "file"


@dataclass(slots=True)
class Shown:
    """What the page shows of the transcript."""

    source: Recording | None
    cues: list[Cue]
    problem: str = ""


async def _transcript_of(
    session: AsyncSession, recording: Recording, made: Transcription | None
) -> Recording | None:
    """The transcript that goes with the recording: itself, the one the hub made of
    it, or one of the same meeting instance (Zoom's TRANSCRIPT file)."""
    if is_transcript(recording):
        return recording
    if made is not None and made.transcript_id:
        found = await session.get(Recording, made.transcript_id)
        if found is not None and found.user_id == recording.user_id:
            return found
    if not recording.meeting_uuid:
        return None
    return await instance_transcript(
        session, user_id=recording.user_id, meeting_uuid=recording.meeting_uuid
    )


async def _cues(hub: Hub, transcript: Recording | None) -> Shown:
    if transcript is None or not transcript.storage_key:
        return Shown(None, [])
    if transcript.file_size > MOST_TRANSCRIPT_BYTES:
        return Shown(transcript, [], "The transcript is too long to show here; download it.")
    try:
        data = b"".join([chunk async for chunk in hub.storage.open(transcript.storage_key)])
        return Shown(transcript, parse_vtt(data.decode("utf-8", errors="replace")).cues)
    except StorageError:
        return Shown(transcript, [], "The transcript's file is missing from storage.")
    except TranscriptError as exc:
        return Shown(transcript, [], f"The transcript cannot be read: {exc}")


@router.get("/{recording_id}", response_class=HTMLResponse)
async def recording_page(
    request: Request, recording_id: RecordingId, viewer: ViewerDep, session: SessionDep, hub: HubDep
) -> HTMLResponse:
    recording = await session.get(Recording, recording_id)
    if recording is None or recording.user_id != viewer.user.id:
        message = "No such recording: it may have been deleted."
        return page(request, "missing.html", viewer, status_code=404, message=message)
    made = await transcriptions.for_recording(session, recording_id)
    shown = await _cues(hub, await _transcript_of(session, recording, made))
    link = hub.signer.sign(recording.recording_id, ttl=hub.download_ttl)
    others = []
    if recording.meeting_id:
        files = await views.stored_files(
            session, hub, user_id=viewer.user.id, zoom_id=recording.meeting_id
        )
        others = [f for f in files if f.recording.recording_id != recording_id]
    return page(
        request, "recording.html", viewer, r=recording, url=link.url, kind=media_kind(recording),
        transcription=made, transcript=shown, others=others,
    )  # fmt: skip
