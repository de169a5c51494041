"""The delivery log: one record per event sent to a subscription, with each attempt.

A record is `pending` until its first answer, `retrying` while Zoom's retries are
due, then `delivered` or `failed`. Records are kept in the store (one collection,
tagged with the subscription), newest first.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from ..store import Doc, Page, Query, Store

KIND = "webhook_delivery"
Status = Literal["pending", "retrying", "delivered", "failed"]


def now_iso() -> str:
    moment = datetime.now(UTC).isoformat(timespec="milliseconds")
    return moment.replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Attempt:
    number: int
    status_code: int | None  # None when no answer came (timeout, refused, reset)
    error: str | None
    duration_ms: float

    def as_body(self) -> dict[str, Any]:
        return {
            "attempt": self.number,
            "time": now_iso(),
            "status_code": self.status_code,
            "error": self.error,
            "duration_ms": round(self.duration_ms, 3),
        }


class DeliveryLog:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def start(
        self, *, subscription_id: str, url: str, event: dict[str, Any], account_id: str
    ) -> str:
        """Record an event about to be sent; returns the delivery id (also its tracking id)."""
        body = {
            "id": secrets.token_urlsafe(16),
            "subscription_id": subscription_id,
            "event": event["event"],
            "event_ts": event["event_ts"],
            "account_id": account_id,
            "url": url,
            "status": "pending",
            "attempts": [],
            "created_at": now_iso(),
            "payload": event,
        }
        # time_ns orders records across workers; the id breaks ties.
        sort = f"{time.time_ns():020d}"
        await self.store.insert(Doc(KIND, body["id"], "", body, tag=subscription_id, sort=sort))
        return str(body["id"])

    async def record(self, delivery_id: str, attempt: Attempt, status: Status) -> None:
        def apply(old: Doc) -> Doc:
            attempts = [*old.body["attempts"], attempt.as_body()]
            return old.with_body({**old.body, "attempts": attempts, "status": status})

        await self.store.update(KIND, delivery_id, apply)

    async def get(self, delivery_id: str) -> dict[str, Any] | None:
        doc = await self.store.get(KIND, delivery_id)
        return doc.body if doc else None

    async def page(
        self, subscription_id: str | None, *, limit: int, after: tuple[str, str] | None
    ) -> tuple[Page, int]:
        query = Query(KIND, "", tag=subscription_id, limit=limit, after=after, descending=True)
        return await self.store.list_page(query), await self.store.count(query)
