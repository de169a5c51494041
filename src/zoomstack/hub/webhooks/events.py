"""A Zoom webhook event as the receiver reads it, and the id Zoom does not send."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson


class BadEvent(ValueError):
    """The body is not a Zoom event (not JSON, no `event`, no `payload` object)."""


@dataclass(frozen=True, slots=True)
class ZoomEvent:
    name: str
    event_ts: int
    payload: dict[str, Any]
    download_token: str | None = None

    @property
    def object(self) -> dict[str, Any]:
        obj = self.payload.get("object")
        return obj if isinstance(obj, dict) else {}

    @property
    def key(self) -> str:
        """The event's id: the same for every delivery of one event, different otherwise.

        Zoom's retries resend the same body with a new timestamp and signature; the
        event name, `event_ts` and payload stay, so they name the event.
        """
        payload = orjson.dumps(self.payload, option=orjson.OPT_SORT_KEYS)
        digest = hashlib.sha256(payload).hexdigest()
        return hashlib.sha256(f"{self.name}:{self.event_ts}:{digest}".encode()).hexdigest()


def parse_event(raw: bytes) -> ZoomEvent:
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BadEvent("the body is not JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("event"), str):
        raise BadEvent("the body has no `event` name")
    payload = body.get("payload")
    if not isinstance(payload, dict):
        raise BadEvent("the body has no `payload` object")
    ts = body.get("event_ts", 0)
    if not isinstance(ts, int) or isinstance(ts, bool):
        raise BadEvent("`event_ts` is not an integer")
    token = body.get("download_token")
    return ZoomEvent(body["event"], ts, payload, token if isinstance(token, str) else None)
