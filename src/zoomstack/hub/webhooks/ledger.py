"""The events received so far: each is acted on once, however often it is delivered.

A row is written (claimed) before the event is acted on; the primary key makes two
deliveries racing for one event end with one winner. If acting fails, the claim is
dropped so that Zoom's retry can act on it; once done, it stays.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.base import utcnow
from ..db.meeting_models import WebhookEvent
from .events import ZoomEvent

KEEP_FOR = timedelta(days=7)  # Zoom retries for a day at most


class Claim(StrEnum):
    new = "new"  # this delivery acts on the event
    duplicate = "duplicate"  # the event came before (Zoom's retry): already handled
    busy = "busy"  # the event is being handled by another delivery right now
    replay = "replay"  # the very same signed request came before: refused


def signature_hash(signature: str) -> str:
    return hashlib.sha256(signature.strip().encode()).hexdigest()


async def claim(session: AsyncSession, *, event: ZoomEvent, signature: str) -> Claim:
    row = WebhookEvent(
        event_key=event.key,
        event=event.name[:100],
        event_ts=event.event_ts,
        signature_hash=signature_hash(signature),
        status="processing",
    )
    session.add(row)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        seen = await session.get(WebhookEvent, event.key)
        if seen is not None and seen.signature_hash == signature_hash(signature):
            return Claim.replay
        if seen is not None and seen.status != "done":
            return Claim.busy
        return Claim.duplicate
    return Claim.new


async def done(session: AsyncSession, *, key: str) -> None:
    await session.execute(
        update(WebhookEvent)
        .where(WebhookEvent.event_key == key)
        .values(status="done", processed_at=utcnow())
    )
    await session.commit()


async def release(session: AsyncSession, *, key: str) -> None:
    await session.execute(delete(WebhookEvent).where(WebhookEvent.event_key == key))
    await session.commit()


async def prune(session: AsyncSession) -> int:
    """Forget events older than any retry of theirs could be; how many."""
    result = await session.execute(
        delete(WebhookEvent).where(WebhookEvent.received_at < utcnow() - KEEP_FOR)
    )
    await session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
