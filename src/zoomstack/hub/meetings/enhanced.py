"""Zoom's views of a user's meetings, joined with what the hub knows about each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ...zoom import NotFoundError, ZoomClient
from ..db.meeting_models import Meeting, MeetingInsight
from ..db.models import Recording
from ..errors import Forbidden
from ..schemas.recordings import RecordingPublic


async def check_zoom_user(zoom: ZoomClient, user_id: str) -> None:
    """Only the connection's own Zoom user ("me", by id or email) may be listed."""
    if user_id == "me":
        return
    me = await zoom.me()
    if user_id != me.id and user_id.lower() != me.email.lower():
        raise Forbidden("Only your own Zoom user's meetings can be listed here (use `me`).")


async def zoom_meetings(
    zoom: ZoomClient, user_id: str, *, type: str | None, limit: int
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    async for item in zoom.iter_meetings(user_id, type=type):
        items.append(item.model_dump(mode="json"))
        if len(items) >= limit:
            break
    return items


async def hub_parts(
    session: AsyncSession, *, user_id: str, zoom_ids: list[str]
) -> dict[str, dict[str, Any]]:
    """For each listed meeting: whether the hub keeps it, its status, its insights."""
    copies = await session.scalars(
        select(Meeting).where(Meeting.user_id == user_id, Meeting.zoom_id.in_(zoom_ids))
    )
    found = await session.scalars(
        select(MeetingInsight).where(
            MeetingInsight.user_id == user_id, MeetingInsight.meeting_id.in_(zoom_ids)
        )
    )
    status = {row.zoom_id: row.status for row in copies}
    insights = {row.meeting_id: row.status for row in found}
    return {
        zoom_id: {
            "tracked": zoom_id in status,
            "status": status.get(zoom_id),
            "insights": insights.get(zoom_id),
        }
        for zoom_id in zoom_ids
    }


async def zoom_recording(zoom: ZoomClient, meeting_id: str) -> dict[str, Any] | None:
    try:
        found = await zoom.get_meeting_recordings(meeting_id)
    except NotFoundError:
        return None
    return found.model_dump(mode="json")


async def stored_files(session: AsyncSession, *, user_id: str, meeting_id: str) -> list[Any]:
    rows = await session.scalars(
        select(Recording)
        .where(Recording.user_id == user_id, Recording.meeting_id == meeting_id)
        .order_by(Recording.created_at)
    )
    return [RecordingPublic.model_validate(row).model_dump(mode="json") for row in rows]


async def zoom_participants(zoom: ZoomClient, instance: str, limit: int) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    try:
        async for person in zoom.iter_past_participants(instance):
            people.append(person.model_dump(mode="json"))
            if len(people) >= limit:
                break
    except NotFoundError:
        return []  # the meeting has not happened yet
    return people
