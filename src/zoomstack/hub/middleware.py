"""Per-request context: a request id, one structured access-log line, latency metrics."""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .metrics import HubMetrics

REQUEST_ID_HEADER = "x-request-id"
# A caller's own request id is kept when it is short and plain; otherwise a new one.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

log = structlog.get_logger("zoomstack.hub.access")


class RequestContext:
    def __init__(self, app: ASGIApp, *, metrics: HubMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                self._record(scope, status, time.perf_counter() - started)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", "unmatched")
        self.metrics.request_seconds.labels(scope["method"], template, str(status)).observe(seconds)
        state = scope.get("state") or {}
        log.info(
            "request",
            method=scope["method"],
            path=scope["path"],  # never the query: it may carry a signature
            status=status,
            duration_ms=round(seconds * 1000, 2),
            user_id=state.get("user_id"),
        )


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER.encode():
            candidate = bytes(value).decode("latin-1")
            if VALID_REQUEST_ID.fullmatch(candidate):
                return candidate
    return uuid.uuid4().hex
