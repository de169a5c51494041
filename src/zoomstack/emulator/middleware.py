"""The ASGI middleware that logs requests, injects faults and enforces rate limits.

Pure ASGI (no BaseHTTPMiddleware): with the log, faults and limits all off a
request costs three attribute tests here. Control-plane paths pass untouched, so
a fault rule can never lock out `/_emulator/faults` itself.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import ACCOUNT_SCOPE_KEY, authenticate
from .errors import InvalidAccessToken
from .faults import Fault, drop_connection, fault_response
from .http import json_response
from .requestlog import LoggedRequest
from .state import Emulator

CONTROL_PREFIX = "/_emulator/"


@dataclass(slots=True)
class _Outcome:
    status: int | None = None
    fault: str | None = None


class TrafficMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        emu: Emulator = scope["app"].state.emulator
        traffic = emu.traffic
        if traffic.requests.enabled or traffic.faults.active or traffic.limiter.enabled:
            await self._handle(emu, scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _handle(self, emu: Emulator, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        outcome = _Outcome()

        async def send_seen(message: Message) -> None:
            if message["type"] == "http.response.start":
                outcome.status = message["status"]
            await send(message)

        try:
            await self._pass(emu, scope, receive, send_seen, outcome)
        finally:
            if emu.traffic.requests.enabled:
                _record(emu, scope, outcome, time.perf_counter() - started)

    async def _pass(
        self, emu: Emulator, scope: Scope, receive: Receive, send: Send, outcome: _Outcome
    ) -> None:
        method, path = scope["method"], scope["path"]
        if emu.traffic.faults.active:
            fault = emu.traffic.faults.pick(method, path)
            if fault is not None and await _inject(fault, scope, receive, send, outcome):
                return
        if emu.traffic.limiter.enabled and await _limited(emu, scope, receive, send):
            return
        await self.app(scope, receive, send)


async def _inject(
    fault: Fault, scope: Scope, receive: Receive, send: Send, outcome: _Outcome
) -> bool:
    """Apply a fault; True when it answered (or dropped) the request itself."""
    outcome.fault = "latency"
    if fault.latency_ms:
        await asyncio.sleep(fault.latency_ms / 1000)
    if fault.drop:
        outcome.fault = "drop"
        await drop_connection(receive)
        return True
    if fault.status is not None:
        outcome.fault = "error"
        response = fault_response(fault.status, scope["method"], scope["path"])
        await response(scope, receive, send)
        return True
    return False


async def _limited(emu: Emulator, scope: Scope, receive: Receive, send: Send) -> bool:
    """Count the call against its account; True when it was refused with a 429."""
    try:
        principal = await authenticate(Request(scope))
    except InvalidAccessToken:
        return False  # the API answers 401; nothing to count
    verdict = await emu.traffic.limiter.check(principal.account_id, scope["method"], scope["path"])
    if verdict is None or verdict.rejection is None:
        return False
    rejection = verdict.rejection
    await json_response(rejection.body(), 429, rejection.headers())(scope, receive, send)
    return True


def _record(emu: Emulator, scope: Scope, outcome: _Outcome, seconds: float) -> None:
    query: bytes = scope.get("query_string") or b""
    emu.traffic.requests.record(
        LoggedRequest(
            at=time.time(),
            method=scope["method"],
            path=scope["path"],
            query=query.decode("latin-1"),
            status=outcome.status,
            latency_ms=seconds * 1000,
            account_id=scope.get(ACCOUNT_SCOPE_KEY),
            fault=outcome.fault,
        )
    )
