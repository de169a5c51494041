"""How a live event reaches every hub process: directly, or through Redis pub/sub.

With one process, `LocalBroker` hands each event straight to the connections.
With several, `RedisBroker` publishes it on one channel that every process listens
to, so a client connected to any process gets events raised in any other. The
publisher hears its own message too; that is how its own clients get it, so each
event takes one path whatever the broker.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import redis.asyncio as redis
import structlog
from redis.exceptions import RedisError

log = structlog.get_logger("zoomstack.hub.realtime")

Deliver = Callable[[bytes], Awaitable[None]]
CHANNEL = "zoomstack:hub:live"
RECONNECT_FIRST = 0.5
RECONNECT_MAX = 10.0


class Broker(Protocol):
    async def start(self, deliver: Deliver) -> None: ...

    async def publish(self, message: bytes) -> None: ...

    async def stop(self) -> None: ...


class LocalBroker:
    """In-process: a published event is delivered at once, in this process only."""

    def __init__(self) -> None:
        self._deliver: Deliver | None = None

    async def start(self, deliver: Deliver) -> None:
        self._deliver = deliver

    async def publish(self, message: bytes) -> None:
        if self._deliver is not None:
            await self._deliver(message)

    async def stop(self) -> None:
        self._deliver = None


class RedisBroker:
    """Redis pub/sub on one channel; the listener reconnects when Redis goes away.

    Pub/sub keeps nothing: a process that is not subscribed when an event is
    published misses it. Live updates are hints to refresh, so that is acceptable;
    the state itself is always read from the database.
    """

    def __init__(self, url: str, *, channel: str = CHANNEL) -> None:
        self.client: redis.Redis = redis.from_url(url)
        self.channel = channel
        self._task: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    async def start(self, deliver: Deliver) -> None:
        """Listen, and return once subscribed, so nothing published after is missed."""
        self._task = asyncio.create_task(self._listen(deliver))
        waiter = asyncio.create_task(self._subscribed.wait())
        await asyncio.wait({waiter, self._task}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if self._task.done():
            self._task.result()

    async def _listen(self, deliver: Deliver) -> None:
        delay = RECONNECT_FIRST
        while True:
            try:
                await self._listen_once(deliver)
            except (RedisError, OSError) as exc:
                log.warning("live_redis_lost", reason=type(exc).__name__, retry_in=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RECONNECT_MAX)

    async def _listen_once(self, deliver: Deliver) -> None:
        async with self.client.pubsub() as pubsub:
            await pubsub.subscribe(self.channel)
            self._subscribed.set()
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    await _deliver_safely(deliver, message["data"])

    async def publish(self, message: bytes) -> None:
        try:
            await self.client.publish(self.channel, message)
        except (RedisError, OSError) as exc:
            # A live update is lost, never the change it announces (already committed).
            log.warning("live_publish_failed", reason=type(exc).__name__)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        await self.client.aclose()


async def _deliver_safely(deliver: Deliver, data: Any) -> None:
    try:
        await deliver(data if isinstance(data, bytes) else str(data).encode())
    except Exception:
        log.exception("live_delivery_failed")


def open_broker(url: str, *, channel: str = CHANNEL) -> Broker:
    """An in-process broker for an empty URL; Redis pub/sub for redis://, rediss://, unix://."""
    if not url:
        return LocalBroker()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisBroker(url, channel=channel)
    raise ValueError(f"unsupported realtime URL {url!r}: leave it empty or use redis://")
