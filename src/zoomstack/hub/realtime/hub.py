"""The live-update hub of one process: who is connected, and handing events to them.

Each WebSocket client gets a bounded queue. A client that does not read fast enough
is cut off (its queue fills) rather than let memory grow or slow the others down;
it reconnects and reads the current state from the API.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog

from .brokers import CHANNEL, Broker, open_broker
from .events import BadMessage, LiveEvent

log = structlog.get_logger("zoomstack.hub.realtime")

QUEUE_SIZE = 256


class LiveClient:
    """One connected client: the events waiting for it, and whether it fell behind."""

    def __init__(self, user_id: str, size: int = QUEUE_SIZE) -> None:
        self.user_id = user_id
        self.queue: asyncio.Queue[LiveEvent] = asyncio.Queue(maxsize=size)
        self.overflowed = asyncio.Event()

    def offer(self, event: LiveEvent) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed.set()

    async def next(self) -> LiveEvent:
        return await self.queue.get()


class Realtime:
    """Publish an event for a user; every client of that user, in any process, gets it."""

    def __init__(self, broker: Broker) -> None:
        self.broker = broker
        self._clients: defaultdict[str, set[LiveClient]] = defaultdict(set)

    @classmethod
    def from_url(cls, url: str, *, channel: str = CHANNEL) -> Realtime:
        return cls(open_broker(url, channel=channel))

    async def start(self) -> None:
        await self.broker.start(self._deliver)

    async def stop(self) -> None:
        await self.broker.stop()

    async def publish(self, user_id: str, event: str, data: dict[str, Any]) -> LiveEvent:
        live = LiveEvent(event, user_id, data)
        await self.broker.publish(live.encode())
        return live

    @asynccontextmanager
    async def connect(self, user_id: str) -> AsyncIterator[LiveClient]:
        client = LiveClient(user_id)
        self._clients[user_id].add(client)
        try:
            yield client
        finally:
            clients = self._clients.get(user_id)
            if clients is not None:
                clients.discard(client)
                if not clients:
                    del self._clients[user_id]

    def connected(self, user_id: str | None = None) -> int:
        """How many clients are connected to this process (of one user, or in all)."""
        if user_id is not None:
            return len(self._clients.get(user_id, ()))
        return sum(len(clients) for clients in self._clients.values())

    async def _deliver(self, raw: bytes) -> None:
        try:
            event = LiveEvent.decode(raw)
        except BadMessage as exc:
            log.warning("live_message_dropped", reason=str(exc))
            return
        for client in list(self._clients.get(event.user_id, ())):
            client.offer(event)
