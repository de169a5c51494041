"""Copies of the meetings a Zoom user already has, for a hub user connecting to it.

Webhooks keep copies in step from the moment the hub subscribes; meetings scheduled
before then are only known to Zoom, so a first sync reads Zoom's list of upcoming
meetings once and keeps a copy of each (an existing copy is refreshed, never reset).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ...zoom import ZoomClient
from . import store

MOST_IMPORTED = 300
RECURRING = 8  # listed without its recurrence: read whole, for the calendar's occurrences


async def import_upcoming(
    session: AsyncSession, *, zoom: ZoomClient, user_id: str, zoom_user: str = "me"
) -> int:
    """Copy the Zoom user's upcoming meetings for `user_id`; how many were new."""
    new = 0
    seen = 0
    async for item in zoom.iter_meetings(zoom_user, type="upcoming"):
        whole = await zoom.get_meeting(item.id) if item.type == RECURRING else item
        obj = whole.model_dump(mode="json", exclude_none=True)
        known = await store.find_meeting(session, user_id=user_id, zoom_id=str(obj["id"]))
        await store.save_meeting(session, user_id=user_id, obj=obj)
        new += known is None
        seen += 1
        if seen >= MOST_IMPORTED:
            break
    return new
