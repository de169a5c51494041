"""Webhook delivery: the emulator's events, signed and POSTed to subscribed endpoints.

    emit -> inbox (no I/O on the API's path) -> router task: matching subscriptions,
    one delivery record each -> one queue and worker per subscription (each endpoint
    gets its events in order) -> each delivery in its own task, retried by tenacity.

As Zoom does (guides/webhooks.md, "Notification delivery"), an answer >= 500 or no
answer at all (timeout, refused, reset) is retried after each of
`webhook_retry_delays` (Zoom: 5, 20 and 60 minutes); 3xx and 4xx are not retried. A
retried event may reach the endpoint after later ones, as with Zoom; first attempts
keep the order of the events.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import secrets
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import orjson
from tenacity import (
    AsyncRetrying,
    RetryError,
    retry_if_exception_type,
    stop_after_attempt,
    wait_chain,
    wait_fixed,
)

from ..events import Event
from .deliveries import Attempt, DeliveryLog, Status
from .signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, encrypted_token, sign
from .subscriptions import Subscription, Subscriptions

if TYPE_CHECKING:
    from ..state import Emulator

log = logging.getLogger("zoomstack.emulator.webhooks")

USER_AGENT = "Zoom Marketplace/1.0a"
CONTENT_TYPE = "application/json; charset=utf-8"
URL_VALIDATION = "endpoint.url_validation"


class RetryableFailure(Exception):
    """The endpoint answered >= 500 or not at all: Zoom tries again later."""


@dataclass(frozen=True, slots=True)
class Job:
    subscription: Subscription
    delivery_id: str
    body: bytes


@dataclass(frozen=True, slots=True)
class Validation:
    ok: bool
    detail: str


def request_headers(sub: Subscription, body: bytes, tracking_id: str) -> dict[str, str]:
    """The headers Zoom sends with each event; the timestamp is real time, not the
    emulator's (possibly advanced) clock, since receivers compare it with theirs."""
    timestamp = str(int(time.time()))
    headers = {
        "user-agent": USER_AGENT,
        "content-type": CONTENT_TYPE,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(sub.secret_token, timestamp, body),
        "x-zm-trackingid": tracking_id,
    }
    if sub.verification_token:
        headers["authorization"] = sub.verification_token
    if sub.basic_auth:
        pair = f"{sub.basic_auth.username}:{sub.basic_auth.password}".encode()
        headers["authorization"] = "Basic " + base64.b64encode(pair).decode()
    if sub.custom_header:
        headers[sub.custom_header.key.lower()] = sub.custom_header.value
    return headers


def _error_name(exc: httpx.TransportError) -> str:
    """Zoom's delivery failure codes for what went wrong on the wire."""
    if isinstance(exc, httpx.TimeoutException):
        return f"ReadTimeOut(-1): {type(exc).__name__}"
    if isinstance(exc, httpx.ConnectError):
        return f"ConnectionRefused(-2): {exc}"
    return f"RemoteError(-7): {type(exc).__name__}: {exc}"


def _status_after(code: int | None, final: bool) -> Status:
    if code is not None and 200 <= code < 300:
        return "delivered"
    if final or (code is not None and code < 500):
        return "failed"
    return "retrying"


class Dispatcher:
    def __init__(self, emu: Emulator, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.emu = emu
        self.transport = transport  # tests may inject one (httpx.MockTransport...)
        self.subscriptions = Subscriptions(emu.store, emu.settings)
        self.log = DeliveryLog(emu.store)
        self._client: httpx.AsyncClient | None = None
        self._inbox: asyncio.Queue[Event] = asyncio.Queue()
        self._queues: dict[str, asyncio.Queue[Job]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # -- lifecycle ---------------------------------------------------------------

    async def start(self) -> None:
        timeout = httpx.Timeout(self.emu.settings.webhook_timeout_seconds)
        self._client = httpx.AsyncClient(transport=self.transport, timeout=timeout)
        self._spawn(self._route())
        self.emu.events.subscribe(self.on_event)

    async def stop(self) -> None:
        """Stop at once: deliveries still queued or waiting for a retry stay `pending`
        or `retrying` in the log."""
        self.emu.events.unsubscribe(self.on_event)
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._queues.clear()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def idle(self) -> None:
        """Wait until every event raised so far had its first delivery attempt."""
        await self._inbox.join()
        for queue in list(self._queues.values()):
            await queue.join()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- events to jobs ----------------------------------------------------------

    async def on_event(self, event: Event) -> None:
        self._inbox.put_nowait(event)

    async def _route(self) -> None:
        while True:
            event = await self._inbox.get()
            try:
                await self._fan_out(event)
            except Exception:  # a broken store must not stop later deliveries
                log.exception("webhook routing failed for %s", event.name)
            finally:
                self._inbox.task_done()

    async def _fan_out(self, event: Event) -> None:
        subscriptions = await self.subscriptions.matching(event.account_id, event.name)
        if not subscriptions:
            return
        payload = event.body()
        body = orjson.dumps(payload)  # signed and sent byte for byte
        for sub in subscriptions:
            delivery_id = await self.log.start(
                subscription_id=sub.id, url=sub.url, event=payload, account_id=event.account_id
            )
            self._queue(sub.id).put_nowait(Job(sub, delivery_id, body))

    def _queue(self, subscription_id: str) -> asyncio.Queue[Job]:
        queue = self._queues.get(subscription_id)
        if queue is None:
            queue = self._queues[subscription_id] = asyncio.Queue()
            self._spawn(self._work(queue))
        return queue

    async def _work(self, queue: asyncio.Queue[Job]) -> None:
        while True:
            job = await queue.get()
            try:
                first_attempt = asyncio.Event()
                self._spawn(self._deliver(job, first_attempt))
                await first_attempt.wait()
            finally:
                queue.task_done()

    # -- sending -----------------------------------------------------------------

    async def _deliver(self, job: Job, first_attempt: asyncio.Event) -> None:
        delays = self.emu.settings.webhook_retry_delays
        retrying = AsyncRetrying(
            wait=wait_chain(*(wait_fixed(delay) for delay in delays)) if delays else wait_fixed(0),
            stop=stop_after_attempt(len(delays) + 1),
            retry=retry_if_exception_type(RetryableFailure),
        )
        try:
            async for attempt in retrying:
                with attempt:
                    try:
                        number = attempt.retry_state.attempt_number
                        await self._attempt(job, number, final=number > len(delays))
                    finally:
                        first_attempt.set()
        except RetryError:
            pass  # the last attempt is already logged as failed
        except Exception:
            log.exception("webhook delivery %s failed", job.delivery_id)
        finally:
            first_attempt.set()

    async def _attempt(self, job: Job, number: int, *, final: bool) -> None:
        code, error, seconds = await self._post(job.subscription, job.body, job.delivery_id)
        status = _status_after(code, final)
        await self.log.record(job.delivery_id, Attempt(number, code, error, seconds * 1000), status)
        if status == "retrying":
            raise RetryableFailure(error or f"HTTP {code}")

    async def _post(
        self, sub: Subscription, body: bytes, tracking_id: str
    ) -> tuple[int | None, str | None, float]:
        """One POST: (status code or None, error text or None, seconds taken)."""
        assert self._client is not None, "the dispatcher is not started"
        headers = request_headers(sub, body, tracking_id)
        started = time.perf_counter()
        try:
            response = await self._client.post(sub.url, content=body, headers=headers)
        except httpx.TransportError as exc:
            return None, _error_name(exc), time.perf_counter() - started
        return response.status_code, None, time.perf_counter() - started

    # -- url validation ------------------------------------------------------------

    async def validate(self, sub: Subscription) -> Validation:
        """Zoom's challenge-response check: the endpoint must answer the plainToken
        with its HMAC under the subscription's secret token."""
        assert self._client is not None, "the dispatcher is not started"
        plain = secrets.token_urlsafe(16)
        event = {
            "payload": {"plainToken": plain},
            "event_ts": int(self.emu.clock.timestamp() * 1000),
            "event": URL_VALIDATION,
        }
        body = orjson.dumps(event)
        delivery_id = await self.log.start(
            subscription_id=sub.id, url=sub.url, event=event, account_id=sub.account_id
        )
        headers = request_headers(sub, body, delivery_id)
        started = time.perf_counter()
        try:
            response = await self._client.post(sub.url, content=body, headers=headers)
            result = _check_challenge(response, plain, encrypted_token(sub.secret_token, plain))
            code: int | None = response.status_code
        except httpx.TransportError as exc:
            result, code = Validation(False, _error_name(exc)), None
        attempt = Attempt(1, code, None if result.ok else result.detail, _ms_since(started))
        await self.log.record(delivery_id, attempt, "delivered" if result.ok else "failed")
        return result


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _check_challenge(response: httpx.Response, plain: str, expected: str) -> Validation:
    if response.status_code != 200:
        return Validation(False, f"the endpoint answered HTTP {response.status_code}")
    try:
        answer = response.json()
    except ValueError:
        return Validation(False, "the endpoint's answer is not JSON")
    if not isinstance(answer, dict) or answer.get("plainToken") != plain:
        return Validation(False, "the answer does not echo the plainToken")
    if answer.get("encryptedToken") != expected:
        return Validation(False, "the encryptedToken does not match the secret token")
    return Validation(True, "validated")
