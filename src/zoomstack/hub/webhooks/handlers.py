"""What the hub does with each Zoom event it receives.

meeting.* update the owners' copies and tell their live clients; recording.*
fetch the meeting's files now (the transcript then starts the intel job through
the sync's `transcript.stored` event). Events the hub has no use for are ignored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from pydantic import ValidationError

from ...zoom import RecordingMeeting
from ..db.meeting_models import Meeting, MeetingStatus
from ..meetings import store
from ..meetings.actions import live_data
from ..realtime import Realtime
from ..realtime import events as live
from ..schemas.meetings import MeetingPublic
from ..state import Hub
from ..sync import SyncService
from . import owners
from .events import ZoomEvent
from .owners import FallbackOwner
from .recordings import sync_meeting_files

log = structlog.get_logger("zoomstack.hub.webhooks")

Handler = Callable[[ZoomEvent], Awaitable[None]]
PROCESSED = "processed"
IGNORED = "ignored"

# Zoom's meeting events and the live event each becomes.
LIFECYCLE = {
    "meeting.created": live.MEETING_CREATED,
    "meeting.updated": live.MEETING_UPDATED,
    "meeting.started": live.MEETING_STARTED,
    "meeting.ended": live.MEETING_ENDED,
}
ATTENDANCE = {
    "meeting.participant_joined": live.PARTICIPANT_JOINED,
    "meeting.participant_left": live.PARTICIPANT_LEFT,
}
RECORDINGS = ("recording.completed", "recording.transcript_completed")


def _time(obj: dict[str, Any], name: str) -> datetime:
    return store.parse_time(obj.get(name)) or datetime.now(UTC)


def snapshot(meeting: Meeting) -> dict[str, Any]:
    """What a client sees of the copy, but for the times of the row itself."""
    return MeetingPublic.of(meeting).model_dump(exclude={"created_at", "updated_at"})


def apply_lifecycle(meeting: Meeting, name: str, obj: dict[str, Any]) -> bool:
    """Change the copy as the event says; False when it is older news than the copy."""
    uuid = obj.get("uuid") if isinstance(obj.get("uuid"), str) else None
    if name in ("meeting.created", "meeting.updated"):
        store.apply_zoom(meeting, obj)
    elif name == "meeting.started":
        if meeting.status == MeetingStatus.ended and uuid and uuid == meeting.uuid:
            return False  # this instance's end came first (a retried delivery)
        meeting.status, meeting.started_at = MeetingStatus.started.value, _time(obj, "start_time")
        meeting.ended_at = None
    elif name == "meeting.ended":
        meeting.status, meeting.ended_at = MeetingStatus.ended.value, _time(obj, "end_time")
    if uuid and name in ("meeting.started", "meeting.ended"):
        meeting.uuid = uuid
    return True


class EventHandlers:
    def __init__(
        self, hub: Hub, realtime: Realtime, sync: SyncService | None, fallback: FallbackOwner
    ) -> None:
        self.hub = hub
        self.realtime = realtime
        self.sync = sync
        self.fallback = fallback

    async def handle(self, event: ZoomEvent) -> str:
        """Act on the event; PROCESSED, or IGNORED for events the hub does not use."""
        if event.name in LIFECYCLE:
            await self._lifecycle(event)
        elif event.name == "meeting.deleted":
            await self._deleted(event)
        elif event.name in ATTENDANCE:
            await self._attendance(event)
        elif event.name in RECORDINGS:
            await self._recording(event)
        elif event.name == "meeting.summary_completed":
            await self._zoom_summary(event)
        else:
            return IGNORED
        return PROCESSED

    async def _lifecycle(self, event: ZoomEvent) -> None:
        """Apply the event; tell the owners only of copies it changed (Zoom also sends
        meeting.created and .updated for changes made through the hub, already told)."""
        changed: list[Meeting] = []
        async with self.hub.db.sessions() as session:
            copies, made = await owners.meeting_copies(session, event.object, self.fallback)
            for meeting in copies:
                if meeting.status == MeetingStatus.deleted:
                    continue
                before = snapshot(meeting)
                if apply_lifecycle(meeting, event.name, event.object) and (
                    made or snapshot(meeting) != before
                ):
                    changed.append(meeting)
            await session.commit()
        for meeting in changed:
            await self.realtime.publish(meeting.user_id, LIFECYCLE[event.name], live_data(meeting))

    async def _deleted(self, event: ZoomEvent) -> None:
        zoom_id = str(event.object.get("id") or "")
        async with self.hub.db.sessions() as session:
            copies = await store.owners(session, zoom_id=zoom_id) if zoom_id.isdigit() else []
            gone = [m for m in copies if m.status != MeetingStatus.deleted]
            for meeting in gone:
                meeting.status = MeetingStatus.deleted.value
            await session.commit()
        for meeting in gone:
            await self.realtime.publish(meeting.user_id, live.MEETING_DELETED, live_data(meeting))

    async def _attendance(self, event: ZoomEvent) -> None:
        obj = event.object
        data = {
            "meeting_id": str(obj.get("id", "")),
            "uuid": obj.get("uuid", ""),
            "participant": obj.get("participant", {}),
        }
        async with self.hub.db.sessions() as session:
            users = await owners.user_ids(session, obj, self.fallback)
        for user_id in users:
            await self.realtime.publish(user_id, ATTENDANCE[event.name], data)

    async def _recording(self, event: ZoomEvent) -> None:
        try:
            meeting = RecordingMeeting.model_validate(event.object)
        except ValidationError:
            log.warning("recording_event_unreadable", event_name=event.name)
            return
        async with self.hub.db.sessions() as session:
            copies, _ = await owners.meeting_copies(session, event.object, self.fallback)
        for user_id in dict.fromkeys(m.user_id for m in copies):
            queued = await self._fetch(user_id, meeting)
            data = {
                "meeting_id": str(meeting.id),
                "uuid": meeting.uuid,
                "event": event.name,
                "files": len(meeting.recording_files),
                "queued": queued,
            }
            await self.realtime.publish(user_id, live.RECORDING_COMPLETED, data)

    async def _fetch(self, user_id: str, meeting: RecordingMeeting) -> int:
        if self.sync is None:
            return 0
        return await sync_meeting_files(self.sync, user_id=user_id, meeting=meeting)

    async def _zoom_summary(self, event: ZoomEvent) -> None:
        obj = event.object
        about = {"id": obj.get("meeting_id"), "host_id": obj.get("meeting_host_id")}
        async with self.hub.db.sessions() as session:
            users = await owners.user_ids(session, about, self.fallback)
        data = {
            "meeting_id": str(obj.get("meeting_id", "")),
            "uuid": obj.get("meeting_uuid", ""),
            "summary_title": obj.get("summary_title", ""),
        }
        for user_id in users:
            await self.realtime.publish(user_id, live.ZOOM_SUMMARY_READY, data)
