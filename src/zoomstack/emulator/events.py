"""Events the emulator raises as its state changes (meeting.created, recording.completed...).

Resources and the meeting simulator `emit`; subscribers (webhook delivery, the
request log, tests) receive each event in order. Payloads follow Zoom's webhook
shape: `{"event", "event_ts", "payload": {"account_id", "object"}}`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("zoomstack.emulator.events")


# Extra keys Zoom puts beside `payload` rather than in it (recording.* events' download_token).
BESIDE_PAYLOAD = ("download_token",)


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    account_id: str
    object: dict[str, Any]
    event_ts: int  # milliseconds, on the emulator's clock
    extra: dict[str, Any] = field(default_factory=dict)  # payload keys beside `object`

    def body(self) -> dict[str, Any]:
        inside = {k: v for k, v in self.extra.items() if k not in BESIDE_PAYLOAD}
        payload: dict[str, Any] = {
            "account_id": self.account_id,
            **inside,
            "object": self.object,
        }
        beside = {k: self.extra[k] for k in BESIDE_PAYLOAD if k in self.extra}
        return {"event": self.name, "event_ts": self.event_ts, **beside, "payload": payload}


Subscriber = Callable[[Event], Awaitable[None]]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    async def publish(self, event: Event) -> None:
        for subscriber in list(self._subscribers):
            try:
                await subscriber(event)
            except Exception:  # one failing subscriber must not break the API call
                log.exception("event subscriber failed for %s", event.name)
