"""What a Zoom account's cloud recordings hold: one `FoundFile` per downloadable file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

from ...zoom import RecordingFile, RecordingMeeting, ZoomClient
from .items import FoundFile

CLOUD = "cloud"
# Zoom lists files still being processed; they are fetched once "completed".
READY = frozenset({"", "completed"})


def found_file(meeting: RecordingMeeting, file: RecordingFile) -> FoundFile:
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
    # A Zoom file id always names the same bytes; only its size is worth comparing.
    return FoundFile(CLOUD, file.id, file.file_size, details, fingerprint=str(file.file_size))


async def list_files(zoom: ZoomClient, *, start: date, end: date) -> AsyncIterator[FoundFile]:
    """Every finished file of every user's cloud recordings from `start` to `end`."""
    async for meeting in zoom.iter_account_recordings(start=start, end=end):
        for file in meeting.recording_files:
            if file.id and file.download_url and file.status in READY:
                yield found_file(meeting, file)
