"""Things that happened in the hub, for whoever wants to react: live updates, intel jobs.

The sync and the watcher publish `recording.stored` for every stored file and, for a
transcript, `transcript.stored` as well. Subscribers are async callables; one that
fails is logged and skipped, so a broken listener never undoes or stops a sync.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import structlog

log = structlog.get_logger("zoomstack.hub.events")

RECORDING_STORED = "recording.stored"
TRANSCRIPT_STORED = "transcript.stored"


@dataclass(frozen=True, slots=True)
class HubEvent:
    name: str
    user_id: str
    data: dict[str, Any] = field(default_factory=dict)


Subscriber = Callable[[HubEvent], Awaitable[None]]


class EventBus:
    """In-process publish/subscribe; a Redis-backed bus can take its place later."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call `subscriber` for every event from now on; returns the way to stop."""
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    async def publish(self, event: HubEvent) -> None:
        for subscriber in list(self._subscribers):
            try:
                await subscriber(event)
            except Exception:
                log.exception("event_subscriber_failed", event_name=event.name)
