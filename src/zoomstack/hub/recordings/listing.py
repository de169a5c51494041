"""The user's recordings, filtered, newest first, in keyset pages."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.models import Recording
from ..errors import BadRequest


@dataclass(frozen=True, slots=True)
class RecordingFilters:
    meeting_id: str | None = None
    file_type: str | None = None
    processing_status: str | None = None
    source: str | None = None
    search: str | None = None  # in the meeting title or file name
    created_from: datetime | None = None
    created_to: datetime | None = None


@dataclass(frozen=True, slots=True)
class RecordingPage:
    recordings: list[Recording]
    next_page_token: str
    total_records: int


async def list_recordings(
    session: AsyncSession,
    *,
    user_id: str,
    filters: RecordingFilters,
    page_size: int,
    page_token: str = "",
) -> RecordingPage:
    conditions = _conditions(user_id, filters)
    total = await session.scalar(select(func.count()).select_from(Recording).where(*conditions))
    if page_token:
        conditions.append(_after(*decode_page_token(page_token)))
    query = (
        select(Recording)
        .where(*conditions)
        .order_by(Recording.created_at.desc(), Recording.recording_id.desc())
        .limit(page_size + 1)
    )
    rows = list(await session.scalars(query))
    next_token = encode_page_token(rows[page_size - 1]) if len(rows) > page_size else ""
    return RecordingPage(rows[:page_size], next_token, total or 0)


def _conditions(user_id: str, filters: RecordingFilters) -> list[ColumnElement[bool]]:
    conditions = [Recording.user_id == user_id]
    for column, value in (
        (Recording.meeting_id, filters.meeting_id),
        (Recording.file_type, filters.file_type and filters.file_type.upper()),
        (Recording.processing_status, filters.processing_status),
        (Recording.source, filters.source),
    ):
        if value:
            conditions.append(column == value)
    if filters.search:
        pattern = f"%{filters.search.lower()}%"
        conditions.append(
            or_(
                func.lower(Recording.meeting_title).like(pattern),
                func.lower(Recording.file_name).like(pattern),
            )
        )
    if filters.created_from:
        conditions.append(Recording.created_at >= as_utc(filters.created_from))
    if filters.created_to:
        conditions.append(Recording.created_at < as_utc(filters.created_to))
    return conditions


def _after(created_at: datetime, recording_id: str) -> ColumnElement[bool]:
    return or_(
        Recording.created_at < created_at,
        and_(Recording.created_at == created_at, Recording.recording_id < recording_id),
    )


def as_utc(value: datetime) -> datetime:
    """A datetime without a zone is taken to be UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def encode_page_token(last: Recording) -> str:
    raw = json.dumps([last.created_at.isoformat(), last.recording_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_page_token(token: str) -> tuple[datetime, str]:
    try:
        padded = token + "=" * (-len(token) % 4)
        created_at, recording_id = json.loads(base64.urlsafe_b64decode(padded))
        return as_utc(datetime.fromisoformat(created_at)), str(recording_id)
    except (ValueError, TypeError, binascii.Error, RecursionError):  # "[[[[..." nests too deep
        raise BadRequest("Invalid next_page_token.") from None
