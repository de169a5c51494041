"""Meetings changed through the hub: in Zoom first, then the hub's copy, then live.

Zoom is the source of truth for a meeting: a change that Zoom refuses changes
nothing here, and the copy is written from Zoom's own answer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from ...zoom import NotFoundError, ZoomClient
from ..db.meeting_models import Meeting, MeetingStatus
from ..realtime import Realtime
from ..realtime import events as live
from ..schemas.meetings import MeetingPublic
from . import store

log = structlog.get_logger("zoomstack.hub.meetings")


def live_data(meeting: Meeting) -> dict[str, Any]:
    return {"meeting": MeetingPublic.of(meeting).model_dump(mode="json")}


async def announce(realtime: Realtime, meeting: Meeting, event: str) -> None:
    await realtime.publish(meeting.user_id, event, live_data(meeting))


async def create_meeting(
    session: AsyncSession,
    *,
    zoom: ZoomClient,
    realtime: Realtime,
    user_id: str,
    body: dict[str, Any],
) -> Meeting:
    created = await zoom.create_meeting("me", body)
    meeting = await store.save_meeting(
        session, user_id=user_id, obj=created.model_dump(mode="json")
    )
    log.info("meeting_created", meeting_id=meeting.zoom_id)
    await announce(realtime, meeting, live.MEETING_CREATED)
    return meeting


async def refresh_meeting(session: AsyncSession, *, zoom: ZoomClient, meeting: Meeting) -> Meeting:
    """The copy, written again from what Zoom answers for the meeting now."""
    fresh = await zoom.get_meeting(meeting.zoom_id)
    return await store.save_meeting(
        session, user_id=meeting.user_id, obj=fresh.model_dump(mode="json")
    )


async def update_meeting(
    session: AsyncSession,
    *,
    zoom: ZoomClient,
    realtime: Realtime,
    meeting: Meeting,
    changes: dict[str, Any],
) -> Meeting:
    if changes:
        await zoom.update_meeting(meeting.zoom_id, changes)
    meeting = await refresh_meeting(session, zoom=zoom, meeting=meeting)
    await announce(realtime, meeting, live.MEETING_UPDATED)
    return meeting


async def cancel_meeting(
    session: AsyncSession, *, zoom: ZoomClient, realtime: Realtime, meeting: Meeting
) -> None:
    """Delete the meeting in Zoom; the copy is kept as deleted (its insights stay)."""
    try:
        await zoom.delete_meeting(meeting.zoom_id)
    except NotFoundError:
        log.info("meeting_already_gone", meeting_id=meeting.zoom_id)
    await mark_deleted(session, meeting)
    await announce(realtime, meeting, live.MEETING_DELETED)


async def mark_deleted(session: AsyncSession, meeting: Meeting) -> None:
    meeting.status = MeetingStatus.deleted.value
    meeting.zoom = {**meeting.zoom, "deleted_at": datetime.now(UTC).isoformat()}
    await session.commit()
