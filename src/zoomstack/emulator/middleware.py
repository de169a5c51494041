"""The ASGI middleware that logs requests, injects faults and enforces rate limits.

Pure ASGI (no BaseHTTPMiddleware). With faults and rate limits off, a request costs
two attribute tests here, plus a tuple appended to the request log when that is on.
Control-plane paths pass untouched, so a fault rule can never lock out
`/_emulator/faults` itself.
"""

from __future__ import annotations

import asyncio
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import ACCOUNT_SCOPE_KEY, authenticate
from .errors import InvalidAccessToken
from .faults import Fault, drop_connection, fault_response
from .http import json_response
from .requestlog import LoggedRequest, RequestLog
from .state import Emulator
from .traffic import Traffic

CONTROL_PREFIX = "/_emulator/"


class TrafficMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        emu: Emulator = scope["app"].state.emulator
        traffic = emu.traffic
        if traffic.faults.active or traffic.limiter.enabled:
            await _Guarded(self.app, traffic, scope, receive, send).run()
        elif traffic.requests.enabled:
            await self._logged(traffic.requests, scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _logged(self, log: RequestLog, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        status: int | None = None

        async def send_seen(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_seen)
        finally:
            log.record(_entry(scope, started, status, None))


def _entry(scope: Scope, started: float, status: int | None, fault: str | None) -> LoggedRequest:
    return LoggedRequest(
        started,
        time.perf_counter(),
        scope["method"],
        scope["path"],
        scope["query_string"],
        status,
        scope.get(ACCOUNT_SCOPE_KEY),
        fault,
    )


class _Guarded:
    """One request while faults or rate limits are on (the log too, when it is on)."""

    def __init__(
        self, app: ASGIApp, traffic: Traffic, scope: Scope, receive: Receive, send: Send
    ) -> None:
        self.app, self.traffic = app, traffic
        self.scope, self.receive, self.send = scope, receive, send
        self.status: int | None = None
        self.fault: str | None = None

    async def run(self) -> None:
        started = time.perf_counter()
        try:
            await self._pass()
        finally:
            if self.traffic.requests.enabled:
                self.traffic.requests.record(_entry(self.scope, started, self.status, self.fault))

    async def _send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        await self.send(message)

    async def _pass(self) -> None:
        scope = self.scope
        if self.traffic.faults.active:
            fault = self.traffic.faults.pick(scope["method"], scope["path"])
            if fault is not None and await self._inject(fault):
                return
        if self.traffic.limiter.enabled and await self._limited():
            return
        await self.app(scope, self.receive, self._send)

    async def _inject(self, fault: Fault) -> bool:
        """Apply a fault; True when it answered (or dropped) the request itself."""
        self.fault = "latency"
        if fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)
        if fault.drop:
            self.fault = "drop"
            await drop_connection(self.receive)
            return True
        if fault.status is not None:
            self.fault = "error"
            response = fault_response(fault.status, self.scope["method"], self.scope["path"])
            await response(self.scope, self.receive, self._send)
            return True
        return False

    async def _limited(self) -> bool:
        """Count the call against its account; True when it was refused with a 429."""
        scope = self.scope
        try:
            principal = await authenticate(Request(scope))
        except InvalidAccessToken:
            return False  # the API answers 401; nothing to count
        limiter = self.traffic.limiter
        verdict = await limiter.check(principal.account_id, scope["method"], scope["path"])
        if verdict is None or verdict.rejection is None:
            return False
        rejection = verdict.rejection
        response = json_response(rejection.body(), 429, rejection.headers())
        await response(scope, self.receive, self._send)
        return True
