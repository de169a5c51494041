"""The two reads clients repeat most, answered in front of the app's middleware stack.

`GET /v2/meetings/{numeric id}` and `GET /v2/users/{userId}/meetings` are most of what
connectors, sync jobs and load tests send. Through the middleware stack (Starlette's
error and exception layers, path clean-up, the traffic middleware, the router, Request
and Response wrappers) such a request costs more CPU than the read itself
(bench/emulator_http.py measures it). `HotReads` wraps that whole stack and answers
the plain case itself: a GET with an `Authorization: Bearer` header that succeeds, on
a path that path clean-up would leave as it is, while no fault or rate limit is set.
It writes the request log entry the traffic middleware would have written.

Anything else goes on to the stack, whose routes stay the reference: other methods,
UUID keys, a token in the query, faults and rate limits, and every error (the route
then reads again and answers with Zoom's error, or the error middleware with its
500). Both call the same backend methods; tests check the two give the same answer.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from .auth import ACCOUNT_SCOPE_KEY, Principal, authenticate_token, bearer_token
from .http import JSON_TYPE
from .requestlog import LoggedRequest
from .resources.meetings import MeetingsBackend
from .state import Emulator

MEETING_PREFIX = "/v2/meetings/"
USERS_PREFIX = "/v2/users/"
MEETINGS_SUFFIX = "/meetings"
JSON_TYPE_BYTES = JSON_TYPE.encode("latin-1")

Read = Callable[[MeetingsBackend, Principal], Awaitable[bytes | None]]


def _meeting(meeting_id: str) -> Read:
    return lambda backend, who: backend.meeting_raw(who, meeting_id)


def query_params(query_string: bytes) -> dict[str, str]:
    """The query as Starlette's QueryParams parses it (the last of repeated keys wins),
    minus the multi-dict it would build around the result."""
    text = query_string.decode("latin-1")
    if "%" in text or "+" in text:
        return dict(parse_qsl(text, keep_blank_values=True))
    # Nothing to decode: what parse_qsl would give, without its per-field unquoting.
    params: dict[str, str] = {}
    for field in text.split("&"):
        if field:
            name, _, value = field.partition("=")
            params[name] = value
    return params


def _meetings(user_key: str, query_string: bytes) -> Read:
    params = query_params(query_string)
    return lambda backend, who: backend.meetings(who, user_key, params)


def hot_read(path: str, query_string: bytes) -> Read | None:
    """The read a GET path names, when it is one of the two (as the router would route it)."""
    if path.startswith(MEETING_PREFIX):
        key = path[len(MEETING_PREFIX) :]
        return _meeting(key) if key.isdigit() else None
    if path.startswith(USERS_PREFIX) and path.endswith(MEETINGS_SUFFIX):
        user_key = path[len(USERS_PREFIX) : -len(MEETINGS_SUFFIX)]
        if user_key and "/" not in user_key:
            return _meetings(user_key, query_string)
    return None


def _header_token(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":  # the first one, as Starlette's Headers.get does
            return bearer_token(value.decode("latin-1")) if value else None
    return None


def _clean(scope: Scope) -> bool:
    """Whether `app.NormalisePath` would leave the path as it is."""
    path: str = scope["path"]
    if len(path) > 1 and (path.endswith("/") or "//" in path):
        return False
    raw: bytes = scope.get("raw_path") or b""
    return b"%" not in raw or b"%2f" not in raw.lower()


class HotReads:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._backend: MeetingsBackend | None = None  # stateless: one per emulator will do

    def backend(self, emu: Emulator) -> MeetingsBackend:
        backend = self._backend
        if backend is None or backend.emu is not emu:
            backend = self._backend = MeetingsBackend(emu)
        return backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            started = time.perf_counter()
            emu: Emulator = scope["app"].state.emulator
            body = await _answer(self.backend(emu), scope)
            if body is not None:
                await _send_json(send, body)
                log = emu.traffic.requests
                if log.enabled:
                    log.record(_logged(scope, started))
                return
        await self.app(scope, receive, send)


def _logged(scope: Scope, started: float) -> LoggedRequest:
    """The entry `middleware.TrafficMiddleware` logs for a request answered 200."""
    return LoggedRequest(
        started,
        time.perf_counter(),
        "GET",
        scope["path"],
        scope["query_string"],
        200,
        scope.get(ACCOUNT_SCOPE_KEY),
    )


async def _send_json(send: Send, body: bytes) -> None:
    """What `json_response(body)` sends, without building a Response for it."""
    headers = [(b"content-length", str(len(body)).encode()), (b"content-type", JSON_TYPE_BYTES)]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _answer(backend: MeetingsBackend, scope: Scope) -> bytes | None:
    """The body of a plain, successful hot read; None sends the request to the stack."""
    emu = backend.emu
    read = hot_read(scope["path"], scope["query_string"])
    if read is None:
        return None
    token = _header_token(scope)
    traffic = emu.traffic
    if token is None or traffic.faults.active or traffic.limiter.enabled or not _clean(scope):
        return None
    try:
        who = await authenticate_token(emu, token, scope)
        return await read(backend, who)
    except Exception:  # ZoomError or worse: the stack reads again and answers it
        return None
