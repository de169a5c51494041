"""What a Zoom account's cloud recordings hold: one `FoundFile` per downloadable file.

With "Record a separate audio file of each participant" on, a meeting also has one
M4A per participant (`participant_audio_files`): each is found with the speaker's
name (`speaker`) and the ids of all of them (`participant_files`), so the transcription
of the last one to finish knows the meeting's set is complete. Recording lists leave
these files out (Zoom counts them in `recording_count` only), so a meeting whose count
is higher than its listed files is asked for whole.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

from ...zoom import RecordingFile, RecordingMeeting, ZoomClient, ZoomError
from .items import FoundFile

CLOUD = "cloud"
# Zoom lists files still being processed; they are fetched once "completed".
READY = frozenset({"", "completed"})
PARTICIPANT_AUDIO = "participant_audio"  # the recording_type given to participant files


def found_file(
    meeting: RecordingMeeting, file: RecordingFile, *, participants: list[str] | None = None
) -> FoundFile:
    start = file.recording_start or meeting.start_time
    details: dict[str, Any] = {
        "download_url": file.download_url,
        "file_type": file.file_type,
        "file_extension": file.file_extension,
        "recording_type": file.recording_type,
        "meeting_id": str(meeting.id),
        "meeting_uuid": meeting.uuid,
        "topic": meeting.topic,
        "start": start.isoformat() if start else None,
        "host_id": meeting.host_id,
    }
    if participants is not None:
        details.update(
            recording_type=PARTICIPANT_AUDIO,
            file_extension=file.file_extension or "M4A",
            speaker=file.file_name,
            participant_files=participants,
        )
    # A Zoom file id always names the same bytes; only its size is worth comparing.
    return FoundFile(CLOUD, file.id, file.file_size, details, fingerprint=str(file.file_size))


def _ready(files: list[RecordingFile]) -> list[RecordingFile]:
    return [f for f in files if f.id and f.download_url and f.status in READY]


def meeting_files(meeting: RecordingMeeting) -> list[FoundFile]:
    """The meeting's finished files, its participants' audio files included."""
    found = [found_file(meeting, file) for file in _ready(meeting.recording_files)]
    separate = _ready(meeting.participant_audio_files)
    ids = [file.id for file in separate]
    return found + [found_file(meeting, file, participants=ids) for file in separate]


async def _whole(zoom: ZoomClient, meeting: RecordingMeeting) -> RecordingMeeting:
    """The meeting with its participant audio files, when a list left some out."""
    listed = len(meeting.recording_files) + len(meeting.participant_audio_files)
    if meeting.recording_count <= listed:
        return meeting
    try:
        return await zoom.get_meeting_recordings(meeting.uuid)
    except ZoomError:
        return meeting  # gone or unreadable now: the listed files are still worth having


async def list_files(zoom: ZoomClient, *, start: date, end: date) -> AsyncIterator[FoundFile]:
    """Every finished file of every user's cloud recordings from `start` to `end`."""
    async for meeting in zoom.iter_account_recordings(start=start, end=end):
        for found in meeting_files(await _whole(zoom, meeting)):
            yield found
