"""The hub's copies of meetings: written from Zoom's answers and events, read per user."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.meeting_models import Meeting, MeetingStatus
from ..db.models import Recording
from ..errors import NotFound
from ..recordings.listing import as_utc, decode_page_token

# Zoom's fields copied into columns; the whole object is kept in `zoom` as well.
_TEXT_FIELDS = ("uuid", "host_id", "topic", "agenda", "timezone", "join_url")


@dataclass(frozen=True, slots=True)
class MeetingPage:
    meetings: list[Meeting]
    next_page_token: str
    total_records: int


def parse_time(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def apply_zoom(meeting: Meeting, obj: dict[str, Any]) -> None:
    """Copy what Zoom said about the meeting (a full object, or an event's part of one)."""
    for name in _TEXT_FIELDS:
        if isinstance(obj.get(name), str):
            setattr(meeting, name, obj[name])
    for name in ("type", "duration"):
        if isinstance(obj.get(name), int):
            setattr(meeting, name, obj[name])
    if "start_time" in obj:
        meeting.start_time = parse_time(obj["start_time"])
    meeting.zoom = {**(meeting.zoom or {}), **obj}


async def find_meeting(session: AsyncSession, *, user_id: str, zoom_id: str) -> Meeting | None:
    query = select(Meeting).where(Meeting.user_id == user_id, Meeting.zoom_id == zoom_id)
    return await session.scalar(query)


async def get_meeting(session: AsyncSession, *, user_id: str, zoom_id: str) -> Meeting:
    """The user's meeting; NotFound if it is not theirs, not known or deleted."""
    meeting = await find_meeting(session, user_id=user_id, zoom_id=zoom_id)
    if meeting is None or meeting.status == MeetingStatus.deleted:
        raise NotFound(f"No meeting {zoom_id}.")
    return meeting


async def save_meeting(session: AsyncSession, *, user_id: str, obj: dict[str, Any]) -> Meeting:
    """Insert or update the user's copy of the Zoom meeting `obj` (it has an `id`).

    Zoom's webhook for a meeting made through the hub can race the hub's own insert;
    whichever comes second updates the row the first one wrote.
    """
    zoom_id = str(obj["id"])
    meeting = await find_meeting(session, user_id=user_id, zoom_id=zoom_id)
    if meeting is None:
        meeting = Meeting(user_id=user_id, zoom_id=zoom_id, zoom={})
        apply_zoom(meeting, obj)
        session.add(meeting)
        try:
            await session.commit()
            return meeting
        except IntegrityError:
            await session.rollback()
        meeting = await find_meeting(session, user_id=user_id, zoom_id=zoom_id)
        assert meeting is not None
    apply_zoom(meeting, obj)
    if meeting.status == MeetingStatus.deleted:
        meeting.status = MeetingStatus.waiting.value
    await session.commit()
    return meeting


async def owners(session: AsyncSession, *, zoom_id: str) -> list[Meeting]:
    """Every hub user's copy of one Zoom meeting (normally one)."""
    return list(await session.scalars(select(Meeting).where(Meeting.zoom_id == zoom_id)))


async def visible(session: AsyncSession, *, user_id: str, zoom_id: str) -> bool:
    """Whether the user may see this meeting's data: they keep it, or hold its recordings."""
    meeting = await find_meeting(session, user_id=user_id, zoom_id=zoom_id)
    if meeting is not None and meeting.status != MeetingStatus.deleted:
        return True
    query = select(Recording.recording_id).where(
        Recording.user_id == user_id, Recording.meeting_id == zoom_id
    )
    return await session.scalar(query.limit(1)) is not None


async def list_meetings(
    session: AsyncSession,
    *,
    user_id: str,
    status: str | None,
    page_size: int,
    page_token: str = "",
) -> MeetingPage:
    """The user's meetings (deleted ones left out unless asked for), newest first."""
    conditions = _conditions(user_id, status)
    total = await session.scalar(select(func.count()).select_from(Meeting).where(*conditions))
    if page_token:
        conditions.append(_after(*decode_page_token(page_token)))
    query = (
        select(Meeting)
        .where(*conditions)
        .order_by(Meeting.created_at.desc(), Meeting.id.desc())
        .limit(page_size + 1)
    )
    rows = list(await session.scalars(query))
    next_token = _page_token(rows[page_size - 1]) if len(rows) > page_size else ""
    return MeetingPage(rows[:page_size], next_token, total or 0)


def _conditions(user_id: str, status: str | None) -> list[ColumnElement[bool]]:
    conditions = [Meeting.user_id == user_id]
    if status:
        conditions.append(Meeting.status == status)
    else:
        conditions.append(Meeting.status != MeetingStatus.deleted.value)
    return conditions


def _after(created_at: datetime, meeting_id: str) -> ColumnElement[bool]:
    return or_(
        Meeting.created_at < created_at,
        and_(Meeting.created_at == created_at, Meeting.id < meeting_id),
    )


def _page_token(last: Meeting) -> str:
    raw = json.dumps([last.created_at.isoformat(), last.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
