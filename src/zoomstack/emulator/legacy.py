"""The older mock's un-prefixed routes, kept so code written for it keeps working.

A compatibility router: every route calls the same handlers and backends as /v2 and
the state they share, so answers have Zoom's shapes; only the paths, the sign-in
routes and the error body differ.

    POST /auth/login        {"username" or "email", "password"} or {"client_id",
                            "client_secret"} -> a token for these routes and /v2
    POST /auth/logout       revokes the bearer token
    GET  /auth/status       whether the bearer token is live, and whose it is
    GET, POST /users                          GET, PATCH, DELETE /users/{userId}
    GET, POST /users/{userId}/meetings        GET /users/{userId}/recordings
    GET, PATCH, DELETE /meetings/{meetingId}  GET /meetings/{meetingId}/meeting_summary
    GET, DELETE /recordings/{meetingId}       GET /rec/download/{path}
    GET, POST, PUT /calendar/events           GET, PUT, DELETE /calendar/events/{eventId}
    POST /mail/send                           GET /mail/inbox
    GET /qss/score/{meetingId}     POST, GET /qss/feedback    GET, DELETE /qss/feedback/{id}

Errors answer with the older mock's body, always these four keys:

    {"status": 404,                 the HTTP status
     "message": "Meeting does not exist: 1.",
     "error_code": 3001,            Zoom's code where Zoom has one, else the status
     "details": {"method": "GET", "path": "/meetings/1",
                 "errors": [{"field": ..., "message": ...}]}}   errors: bad fields only

Sign-in: a username must be an active user of an account. In `lenient` auth mode any
non-empty password is accepted (the older mock kept no passwords); in `strict` mode
only users of the default account sign in, with its OAuth app's client secret. Client credentials are
checked as /oauth/token checks them. `/calendar/events` is the caller's primary
calendar (`id` in the body names the event a PUT replaces); `/mail/send` takes
`to` (one address or a list), `cc`, `subject` and `body` (or a ready `raw`) and sends
from the caller's mailbox; `/mail/inbox` lists the caller's inbox, newest first,
whole messages.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..config import AuthMode
from . import tokens
from .accounts import get_client
from .auth import Principal, authenticate, bearer, emulator
from .documented import shaped
from .errors import BadRequest, Forbidden, InvalidAccessToken, ValidationFailed, ZoomError
from .http import json_response, no_content, read_json
from .resources import calendars, downloads, meetings, qss, recordings, summaries, users
from .resources.mail import MailBackend, compose
from .resources.users import KIND as USER
from .resources.users import UsersBackend
from .state import Emulator
from .store import Doc

Endpoint = Callable[[Request], Awaitable[Response]]
LOGIN_CLIENT = "zoomstack-legacy-login"
_USER_FIELDS = ("id", "email", "first_name", "last_name", "display_name", "type")


class BadCredentials(ZoomError):
    status = 401
    code = 401


def error_body(exc: ZoomError, request: Request) -> dict[str, Any]:
    details: dict[str, Any] = {"method": request.method, "path": request.url.path}
    if exc.errors:
        details["errors"] = exc.errors
    return {
        "status": exc.status,
        "message": exc.message,
        "error_code": exc.code,
        "details": details,
    }


def legacy(endpoint: Endpoint) -> Endpoint:
    """The endpoint, answering Zoom's errors in the older mock's body."""

    async def run(request: Request) -> Response:
        try:
            return await endpoint(request)
        except ZoomError as exc:
            return json_response(error_body(exc, request), exc.status, exc.headers or None)

    return run


# -- signing in ------------------------------------------------------------------------


def _text(body: dict[str, Any], *names: str) -> str:
    for name in names:
        value = body.get(name)
        if isinstance(value, str) and value:
            return value
    return ""


async def _client_login(emu: Emulator, client_id: str, secret: str) -> tokens.TokenInfo:
    client = await get_client(emu, client_id)
    known = client is not None and _same(str(client["client_secret"]), secret)
    if not known:
        if emu.settings.auth_mode is AuthMode.strict or not secret:
            raise BadCredentials("Invalid client_id or client_secret.")
        client = await get_client(emu, emu.settings.client_id)  # lenient: the demo app
    assert client is not None
    info, _ = await emu.tokens.issue(
        account_id=str(client["account_id"]), user_id=None, client_id=client_id,
        scope=tokens.S2S_SCOPES, refresh=False,
    )  # fmt: skip
    return info


async def _password_ok(emu: Emulator, user: Doc, password: str) -> bool:
    if emu.settings.auth_mode is AuthMode.lenient:
        return bool(password)
    client = await get_client(emu, emu.settings.client_id)
    if client is None or client["account_id"] != user.account_id:
        return False
    return _same(str(client["client_secret"]), password)


def _same(secret: str, given: str) -> bool:
    # As bytes: compare_digest raises TypeError on str with non-ASCII characters.
    return hmac.compare_digest(secret.encode(), given.encode())


async def _user_login(emu: Emulator, username: str, password: str) -> tuple[tokens.TokenInfo, Doc]:  # fmt: skip
    user_id = await emu.store.resolve(USER, username.lower() if "@" in username else username)
    user = await emu.store.get(USER, user_id) if user_id else None
    if user is None or not await _password_ok(emu, user, password):
        raise BadCredentials("Invalid username or password.")
    if user.body.get("status") != "active":
        raise Forbidden(f"User {username} is not active.", code=1010)
    info, _ = await emu.tokens.issue(
        account_id=user.account_id, user_id=user.id, client_id=LOGIN_CLIENT,
        scope=tokens.USER_SCOPES, refresh=False,
    )  # fmt: skip
    return info, user


async def login(request: Request) -> Response:
    emu = emulator(request)
    body = await read_json(request)
    username, password = _text(body, "username", "email"), _text(body, "password")
    client_id, secret = _text(body, "client_id"), _text(body, "client_secret")
    answer: dict[str, Any] = {}
    if username:
        info, user = await _user_login(emu, username, password)
        answer["user"] = {k: user.body.get(k) for k in _USER_FIELDS}
    elif client_id:
        info = await _client_login(emu, client_id, secret)
    else:
        missing = [{"field": "username", "message": "Give username and password, or client_id and client_secret."}]  # fmt: skip
        raise ValidationFailed(missing)
    return json_response({
        "access_token": info.token, "token_type": "bearer",
        "expires_in": emu.settings.token_ttl_seconds, "scope": info.scope,
        "account_id": info.account_id, "user_id": info.user_id, **answer,
    })  # fmt: skip


async def logout(request: Request) -> Response:
    token = bearer(request)
    if token is None or not await emulator(request).tokens.revoke(token):
        raise InvalidAccessToken()
    return json_response({"status": "logged_out"})


async def status(request: Request) -> Response:
    emu = emulator(request)
    token = bearer(request)
    info = await emu.tokens.lookup(token) if token else None
    left = info.expires_at - emu.clock.timestamp() if info else 0
    if info is None or left <= 0:
        return json_response({"authenticated": False})
    return json_response({
        "authenticated": True, "account_id": info.account_id, "user_id": info.user_id,
        "scope": info.scope, "expires_in": int(left),
    })  # fmt: skip


# -- calendar and mail, for the caller -----------------------------------------------------


async def _me(request: Request) -> tuple[Principal, Doc]:
    who = await authenticate(request)
    return who, await UsersBackend(emulator(request)).resolve(who, "me")


async def calendar_events(request: Request) -> Response:
    _, owner = await _me(request)
    backend = calendars.CalendarsBackend(emulator(request))
    if request.method == "GET":
        return json_response(await backend.list_events(owner, dict(request.query_params)))
    body = await read_json(request)
    if request.method == "POST":
        return json_response(await backend.insert_event(owner, body), 201)
    event_id = str(request.path_params.get("event_id") or body.get("id") or "")
    if not event_id:
        raise ValidationFailed([{"field": "id", "message": "Name the event to replace."}])
    return json_response(await backend.change_event(owner, event_id, body, replace=True))


async def calendar_event(request: Request) -> Response:
    _, owner = await _me(request)
    backend = calendars.CalendarsBackend(emulator(request))
    event_id = str(request.path_params["event_id"])
    if request.method == "DELETE":
        await backend.delete_event(owner, event_id)
        return no_content()
    doc = await backend.get_event(owner, event_id)
    return json_response(shaped("GET", calendars.EVENT_PATH, doc.body))


def _addresses(value: object, field: str) -> list[str]:
    found = [value] if isinstance(value, str) else value
    if not isinstance(found, list) or not all(isinstance(a, str) and "@" in a for a in found):
        raise ValidationFailed([{"field": field, "message": "Give an address or a list of them."}])
    return found


async def mail_send(request: Request) -> Response:
    _, sender = await _me(request)
    body = await read_json(request)
    raw = body.get("raw")
    if raw is None:
        text = body.get("body", body.get("text", ""))
        if not isinstance(text, str) or not isinstance(body.get("subject", ""), str):
            raise BadRequest("subject and body must be text.")
        to = _addresses(body.get("to"), "to")
        cc = _addresses(body.get("cc", []), "cc")
        raw = compose(str(sender.body["email"]), to, str(body.get("subject", "")), text, cc)
    sent = await MailBackend(emulator(request)).send_email(sender, {"raw": raw})
    return json_response(sent, 201)


async def mail_inbox(request: Request) -> Response:
    _, owner = await _me(request)
    mail = MailBackend(emulator(request))
    params = {**request.query_params, "labelIds": "INBOX"}
    listed = await mail.list_emails(owner, params)
    messages = [mail.as_format(await mail.get_email(owner, m["id"]), "full") for m in listed["messages"]]  # fmt: skip
    return json_response({
        "messages": messages, "total_records": listed["resultSizeEstimate"],
        "next_page_token": listed["nextPageToken"],
    })  # fmt: skip


async def rec_download(request: Request) -> Response:
    """/rec/download/{anything}/{fileId}: the older mock's longer download paths."""
    file_id = str(request.path_params["path"]).rstrip("/").rsplit("/", 1)[-1]
    scope = {**request.scope, "path_params": {"file_id": file_id}}
    return await downloads.download(Request(scope, request.receive))


def _route(path: str, endpoint: Endpoint, *methods: str) -> Route:
    return Route(path, legacy(endpoint), methods=list(methods))


routes = [
    _route("/auth/login", login, "POST"),
    _route("/auth/logout", logout, "POST"),
    _route("/auth/status", status, "GET"),
    _route("/users", users.users, "GET"),
    _route("/users", users.user_create, "POST"),
    _route("/users/{user_id}", users.user, "GET"),
    _route("/users/{user_id}", users.user_update, "PATCH"),
    _route("/users/{user_id}", users.user_delete, "DELETE"),
    _route("/users/{user_id}/meetings", meetings.meetings, "GET"),
    _route("/users/{user_id}/meetings", meetings.meeting_create, "POST"),
    _route("/users/{user_id}/recordings", recordings.recordings_list, "GET"),
    # `:path` because a raw meeting UUID may hold a `/`; the longer path goes first.
    _route("/meetings/{meeting_id:path}/meeting_summary", summaries.get_meeting_summary, "GET"),
    _route("/meetings/{meeting_id:path}", meetings.meeting, "GET"),
    _route("/meetings/{meeting_id:path}", meetings.meeting_update, "PATCH"),
    _route("/meetings/{meeting_id:path}", meetings.meeting_delete, "DELETE"),
    _route("/recordings/{meeting_id:path}", recordings.recording_get, "GET"),
    _route("/recordings/{meeting_id:path}", recordings.recording_delete, "DELETE"),
    _route("/rec/download/{path:path}", rec_download, "GET", "HEAD"),
    _route("/calendar/events", calendar_events, "GET", "POST", "PUT"),
    _route("/calendar/events/{event_id}", calendar_events, "PUT"),
    _route("/calendar/events/{event_id}", calendar_event, "GET", "DELETE"),
    _route("/mail/send", mail_send, "POST"),
    _route("/mail/inbox", mail_inbox, "GET"),
    _route("/qss/score/{meeting_id:path}", qss.qss_score, "GET"),
    _route("/qss/feedback", qss.qss_feedback_create, "POST"),
    _route("/qss/feedback", qss.qss_feedback_list, "GET"),
    _route("/qss/feedback/{feedback_id}", qss.qss_feedback, "GET"),
    _route("/qss/feedback/{feedback_id}", qss.qss_feedback_delete, "DELETE"),
]
