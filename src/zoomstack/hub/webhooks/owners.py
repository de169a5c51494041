"""Which hub users a Zoom event is about.

In order: users who keep a copy of the meeting; else the hub user whose Zoom
connection acts for the meeting's host; else the owner of synced recordings (the
Server-to-Server account's hub user), when there is one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ..auth.zoom_tokens import zoom_token_owner
from ..db.meeting_models import Meeting, MeetingStatus
from ..meetings import store

FallbackOwner = Callable[[], Awaitable[str | None]]


async def meeting_copies(
    session: AsyncSession, obj: dict[str, Any], fallback: FallbackOwner
) -> tuple[list[Meeting], bool]:
    """The copies of the event's meeting to update, and whether one was just made (for
    the meeting's owner, when the hub kept none)."""
    zoom_id = str(obj.get("id") or "")
    if not zoom_id.isdigit():
        return [], False
    copies = await store.owners(session, zoom_id=zoom_id)
    if copies:
        return copies, False
    owner = await owner_of(session, obj, fallback)
    if owner is None:
        return [], False
    return [await store.save_meeting(session, user_id=owner, obj=obj)], True


async def owner_of(
    session: AsyncSession, obj: dict[str, Any], fallback: FallbackOwner
) -> str | None:
    host = obj.get("host_id")
    owner = await zoom_token_owner(session, zoom_user_id=host if isinstance(host, str) else "")
    return owner or await fallback()


async def user_ids(
    session: AsyncSession, obj: dict[str, Any], fallback: FallbackOwner
) -> list[str]:
    """The users a meeting's event concerns, without changing anything."""
    zoom_id = str(obj.get("id") or "")
    copies = await store.owners(session, zoom_id=zoom_id) if zoom_id.isdigit() else []
    users = [m.user_id for m in copies if m.status != MeetingStatus.deleted]
    if users:
        return users
    owner = await owner_of(session, obj, fallback)
    return [owner] if owner else []
