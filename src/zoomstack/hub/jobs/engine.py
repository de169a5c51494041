"""The job engine: taskiq, in-process by default, on Redis when processes share the work.

Why taskiq: the hub's background work is async I/O (Zoom's API, streamed downloads,
object storage, the database), and taskiq is asyncio-native. Its `InMemoryBroker`
runs tasks in the hub's own event loop, so the embedded mode needs nothing else
running; the same task code runs on a Redis list queue (taskiq-redis) when several
hub processes or machines share the work, each hub consuming in-process
(`run_receiver_task`). SAQ needs Redis or PostgreSQL even for one process, arq is
Redis-only, dramatiq and huey run tasks on threads, and procrastinate is
PostgreSQL-only while the embedded hub runs on SQLite.

The engine is never the truth. Messages carry only ids; the database (the
`sync_items` table) says what is stored, being fetched, waiting or failed, and the
reconcile pass (`hub.sync.items.lost_items`) sends again whatever a lost message left
behind: a process killed mid-task, a retry that was waiting in a process that died.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from taskiq import AsyncBroker, InMemoryBroker, TaskiqMessage, TaskiqResult
from taskiq.api import run_receiver_task
from taskiq.kicker import AsyncKicker
from taskiq.middlewares import SmartRetryMiddleware

log = structlog.get_logger("zoomstack.hub.jobs")

Job = Callable[[str], Awaitable[None]]
QUEUE_NAME = "zoomstack-hub"


class RetryLater(Exception):
    """Raised by a job that failed but should run again in `delay` seconds."""

    def __init__(self, reason: str, delay: float) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay = delay


class DelayedRetry(SmartRetryMiddleware):
    """taskiq's retry middleware, waiting the delay the failed job asked for.

    The job computes its backoff from the attempts the database counted, so every
    process agrees on it. Brokers without a scheduler ignore a `delay` label, so the
    message is sent again after an in-process wait; if the process dies meanwhile,
    the reconcile pass finds the item from its `next_attempt_at`.
    """

    def __init__(self, max_retries: int) -> None:
        super().__init__(
            default_retry_count=max_retries,
            default_retry_label=True,
            types_of_exceptions=(RetryLater,),
        )
        self.waiting: set[asyncio.Task[None]] = set()

    async def on_error(
        self, message: TaskiqMessage, result: TaskiqResult[Any], exception: BaseException
    ) -> None:
        if isinstance(exception, RetryLater):
            message.labels["delay"] = exception.delay
        await super().on_error(message, result, exception)

    def make_delay(self, message: TaskiqMessage, retries: int) -> float:
        return float(message.labels.get("delay", 0.0))

    async def on_send(
        self, kicker: AsyncKicker[Any, Any], message: TaskiqMessage, delay: float
    ) -> None:
        task = asyncio.create_task(self._send_later(kicker, message, delay))
        self.waiting.add(task)
        task.add_done_callback(self.waiting.discard)

    async def _send_later(
        self, kicker: AsyncKicker[Any, Any], message: TaskiqMessage, delay: float
    ) -> None:
        await asyncio.sleep(delay)
        await kicker.kiq(*message.args, **message.kwargs)

    async def shutdown(self) -> None:
        await _cancel_all(self.waiting)


async def _cancel_all(tasks: set[asyncio.Task[None]]) -> None:
    pending = list(tasks)
    for task in pending:
        task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


def make_broker(url: str, *, concurrency: int) -> AsyncBroker:
    """An in-memory broker for "", a Redis list queue for redis:// (or rediss://, unix://)."""
    if not url:
        return InMemoryBroker(max_async_tasks=concurrency, propagate_exceptions=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from taskiq_redis import ListQueueBroker

        return ListQueueBroker(url, queue_name=QUEUE_NAME)
    raise ValueError(f"unsupported jobs URL {url!r}: leave it empty or use redis://")


class JobEngine:
    """Named jobs taking one id, sent through a taskiq broker and run in this process."""

    def __init__(self, broker: AsyncBroker, *, max_retries: int, concurrency: int) -> None:
        self.broker = broker
        self.concurrency = concurrency
        self.retry = DelayedRetry(max_retries)
        broker.add_middlewares(self.retry)
        self.active: set[asyncio.Task[None]] = set()
        self.stopping = False
        self._receiver: asyncio.Task[None] | None = None

    @classmethod
    def from_url(cls, url: str, *, max_retries: int, concurrency: int) -> JobEngine:
        broker = make_broker(url, concurrency=concurrency)
        return cls(broker, max_retries=max_retries, concurrency=concurrency)

    @property
    def in_process(self) -> bool:
        """Whether messages live only in this process (lost with it)."""
        return isinstance(self.broker, InMemoryBroker)

    def register(self, name: str, job: Job) -> None:
        async def run(item_id: str) -> None:
            if self.stopping:  # on its way in as the engine stopped: the reconcile pass resends it
                return
            task = asyncio.current_task()
            assert task is not None
            self.active.add(task)
            try:
                await job(item_id)
            finally:
                self.active.discard(task)

        self.broker.register_task(run, task_name=name)

    async def send(self, name: str, item_id: str) -> None:
        kicker: AsyncKicker[Any, Any] = AsyncKicker(task_name=name, broker=self.broker, labels={})
        await kicker.kiq(item_id)

    async def start(self) -> None:
        await self.broker.startup()
        if not self.in_process:
            self._receiver = asyncio.create_task(
                run_receiver_task(self.broker, max_async_tasks=self.concurrency * 2)
            )

    def idle(self) -> bool:
        """Whether no job is running and no retry is waiting in this process."""
        return not self.active and not self.retry.waiting

    async def stop(self) -> None:
        """Stop taking work and cancel what runs; jobs release their claims as they end.

        A message the in-memory broker had already handed to a task, not yet running,
        would otherwise start after this and claim an item in a stopped process."""
        self.stopping = True
        if self._receiver is not None:
            await _cancel_all({self._receiver})
            self._receiver = None
        await _cancel_all(self.active)
        await self.broker.shutdown()
        log.info("jobs_stopped")
