"""recording.completed and recording.transcript_completed: fetch that meeting's files now.

The event lists the files (participants' audio files included, when the meeting has
them), so nothing needs listing: each finished one becomes a
sync item for the meeting's owner and is fetched by the sync's own job, exactly as
a periodic sync would, and counted once however often it is announced.
"""

from __future__ import annotations

import structlog

from ...zoom import RecordingMeeting
from ..sync import SyncService
from ..sync.cloud import meeting_files

log = structlog.get_logger("zoomstack.hub.webhooks")


async def sync_meeting_files(sync: SyncService, *, user_id: str, meeting: RecordingMeeting) -> int:
    """Queue the meeting's finished files for the user; how many were new."""
    if not sync.connected:
        log.warning("recording_not_synced", meeting_id=meeting.id, reason="no Zoom S2S app")
        return 0
    queued = 0
    for found in meeting_files(meeting):
        queued += await sync.add(user_id, found)
    log.info("recording_sync_queued", meeting_id=meeting.id, files=queued)
    return queued
