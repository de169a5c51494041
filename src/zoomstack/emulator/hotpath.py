"""The two reads clients repeat most, answered without Starlette's per-request layers.

`GET /v2/meetings/{numeric id}` and `GET /v2/users/{userId}/meetings` are most of what
connectors, sync jobs and load tests send. Through Starlette (exception middleware,
router, Request and Response wrappers) such a request costs about twice the CPU of
the lookup itself (bench/emulator_http.py measures it). This middleware sits where
those layers begin, after path clean-up and the traffic middleware (so the request
log, faults and rate limits still apply), and answers the plain case itself: a GET
with an `Authorization: Bearer` header that succeeds. Anything else goes on to the
routes, which stay the reference: other methods, UUID keys, a token in the query,
and every error (the route then reads again and answers with Zoom's error). Both
call the same backend methods; tests check the two give the same answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from .auth import Principal, authenticate_token, bearer_token
from .errors import ZoomError
from .http import JSON_TYPE
from .resources.meetings import MeetingsBackend
from .state import Emulator

MEETING_PREFIX = "/v2/meetings/"
USERS_PREFIX = "/v2/users/"
MEETINGS_SUFFIX = "/meetings"
JSON_TYPE_BYTES = JSON_TYPE.encode("latin-1")

Read = Callable[[MeetingsBackend, Principal], Awaitable[bytes | None]]


def _meeting(meeting_id: str) -> Read:
    return lambda backend, who: backend.meeting_raw(who, meeting_id)


def _meetings(user_key: str, query_string: bytes) -> Read:
    # As Starlette's QueryParams parses it (the last of repeated keys wins), minus the
    # multi-dict it would build around the result.
    params = dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
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


class HotReads:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            body = await _answer(scope)
            if body is not None:
                await _send_json(send, body)
                return
        await self.app(scope, receive, send)


async def _send_json(send: Send, body: bytes) -> None:
    """What `json_response(body)` sends, without building a Response for it."""
    headers = [(b"content-length", str(len(body)).encode()), (b"content-type", JSON_TYPE_BYTES)]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _answer(scope: Scope) -> bytes | None:
    """The body of a plain, successful hot read; None sends the request to the routes."""
    read = hot_read(scope["path"], scope["query_string"])
    token = _header_token(scope) if read is not None else None
    if read is None or token is None:
        return None
    emu: Emulator = scope["app"].state.emulator
    try:
        who = await authenticate_token(emu, token, scope)
        return await read(MeetingsBackend(emu), who)
    except ZoomError:
        return None
