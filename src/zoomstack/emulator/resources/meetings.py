"""Meetings: /v2/users/{userId}/meetings and /v2/meetings/{meetingId}."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import BadRequest, MeetingNotFound, UserNotFound, ValidationFailed, ZoomError
from ..http import json_response, no_content, path_param, read_json
from ..ids import normalize_uuid
from ..pagination import joined_list_body, page_request
from ..state import Emulator
from ..store import Doc, Query
from ..times import parse_bound, parse_datetime, zone
from ..validation import (
    incomplete_items,
    is_email,
    merge_patch,
    request_errors,
    unique_fields,
)
from . import meeting_shapes
from .users import UsersBackend, me_parent

KIND = "meeting"
MEETING_TYPES = (1, 2, 3, 4, 8, 10)
LIST_TYPES = ("scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings")
_TEXT_LIMITS = {"topic": 200, "agenda": 2000, "password": 10, "timezone": 64}


def _validate(payload: dict[str, Any]) -> list[dict[str, str]]:
    """Zoom's field checks for create and update bodies; unknown keys are ignored."""
    errors: list[dict[str, str]] = []

    def bad(field: str) -> None:
        errors.append({"field": field, "message": "Invalid field."})

    for name, limit in _TEXT_LIMITS.items():
        value = payload.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            bad(name)
    kind = payload.get("type")
    if kind is not None and kind not in MEETING_TYPES:
        bad("type")
    duration = payload.get("duration")
    if duration is not None and (
        not isinstance(duration, int) or isinstance(duration, bool) or duration < 0
    ):
        bad("duration")
    for name in ("settings", "recurrence"):
        if payload.get(name) is not None and not isinstance(payload[name], dict):
            bad(name)
    if not _interval_ok(payload.get("recurrence")):
        bad("recurrence.repeat_interval")
    for field in _bad_emails(payload.get("settings")):
        bad(field)
    start = payload.get("start_time")
    if start is not None:
        try:
            parse_datetime(str(start), payload.get("timezone"))
        except ValueError:
            bad("start_time")
    tz = payload.get("timezone")
    if isinstance(tz, str) and tz and zone(tz) is None:
        bad("timezone")
    return errors


# Settings whose list items hold an address; answers document them as emails.
_EMAIL_LISTS = (
    ("meeting_invitees",),
    ("authentication_exception",),
    ("language_interpretation", "interpreters"),
    ("sign_language_interpretation", "interpreters"),
)


def _bad_emails(settings: Any) -> list[str]:
    """The settings lists whose items carry something other than an email ("" too)."""
    bad = []
    for path in _EMAIL_LISTS:
        items: Any = settings
        for name in path:
            items = items.get(name) if isinstance(items, dict) else None
        entries = [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        if any(e.get("email") is not None and not is_email(e["email"]) for e in entries):
            bad.append(".".join(("settings", *path, "email")))
    return bad


def _interval_ok(recurrence: Any) -> bool:
    """Zoom's longest interval is 90 days (a daily series); a larger one is refused."""
    interval = recurrence.get("repeat_interval") if isinstance(recurrence, dict) else None
    if interval is None:
        return True
    return isinstance(interval, int) and not isinstance(interval, bool) and 1 <= interval <= 90


def _occurrences(start: str, duration: int, recurrence: dict[str, Any]) -> list[dict[str, Any]]:
    """Occurrences of a recurring meeting with a fixed time (daily, weekly, monthly)."""
    first = parse_datetime(start)
    interval = max(int(recurrence.get("repeat_interval") or 1), 1)
    count = min(max(int(recurrence.get("end_times") or 7), 1), 60)
    steps = {
        1: timedelta(days=interval),
        2: timedelta(weeks=interval),
        3: timedelta(days=30 * interval),
    }
    step = steps.get(int(recurrence.get("type") or 1), timedelta(days=interval))
    return [
        {
            "occurrence_id": str(int((first + step * i).timestamp() * 1000)),
            "start_time": iso(first + step * i),
            "duration": duration,
            "status": "available",
        }
        for i in range(count)
    ]


def meeting_doc(account_id: str, body: dict[str, Any], aliases: tuple[str, ...] = ()) -> Doc:
    """The stored meeting; `aliases` keeps the UUIDs of its past instances resolving to it."""
    return Doc(
        kind=KIND,
        id=str(body["id"]),
        account_id=account_id,
        parent=str(body["host_id"]),
        tag=str(body.get("status") or "waiting"),
        sort=str(body.get("start_time") or body["created_at"]),
        body=body,
        brief=meeting_shapes.brief(body),
        aliases=tuple(dict.fromkeys((str(body["uuid"]), *aliases))),
    )


class MeetingsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.users = UsersBackend(emu)

    def _links(self, meeting_id: int, password: str) -> dict[str, str]:
        base = self.emu.base_url()
        pwd = self.emu.ids.token(32)
        return {
            "join_url": f"{base}/j/{meeting_id}?pwd={pwd}",
            "start_url": f"{base}/s/{meeting_id}?zak={self.emu.ids.token(64)}",
            "encrypted_password": pwd,
            "h323_password": password or self.emu.ids.digits(6),
            "pstn_password": password or self.emu.ids.digits(6),
        }

    def build(self, host: Doc, payload: dict[str, Any]) -> dict[str, Any]:
        """A new meeting in the shape GET /meetings/{meetingId} answers with."""
        emu = self.emu
        meeting_id = emu.ids.meeting_id()
        now = emu.clock.now()
        kind = int(payload.get("type") or 2)
        tz = str(payload.get("timezone") or host.body.get("timezone") or "UTC")
        start = payload.get("start_time")
        start_time = iso(parse_datetime(str(start), tz)) if start else iso(now)
        password = str(payload.get("password") or emu.ids.password())
        duration = int(payload.get("duration") or 60)
        body: dict[str, Any] = {
            "uuid": emu.ids.uuid(),
            "id": meeting_id,
            "host_id": host.id,
            "host_email": host.body.get("email", ""),
            "assistant_id": "",
            "topic": str(payload.get("topic") or "Zoom meeting"),
            "type": kind,
            "status": "waiting",
            "start_time": start_time,
            "duration": duration,
            "timezone": tz,
            "agenda": str(payload.get("agenda") or ""),
            "created_at": iso(now),
            "password": password,
            "pmi": str(host.body.get("pmi", "")),
            "pre_schedule": bool(payload.get("pre_schedule", False)),
            "settings": merge_patch(
                meeting_shapes.default_settings(), payload.get("settings") or {}
            ),
            "creation_source": "open_api",
            "tracking_fields": meeting_shapes.tracking_fields(payload.get("tracking_fields")),
            **self._links(meeting_id, password),
        }
        if kind == 8 and isinstance(payload.get("recurrence"), dict):
            body["recurrence"] = payload["recurrence"]
            body["occurrences"] = _occurrences(start_time, duration, payload["recurrence"])
        elif kind == 3 and isinstance(payload.get("recurrence"), dict):
            body["recurrence"] = payload["recurrence"]
        if payload.get("template_id"):
            body["template_id"] = str(payload["template_id"])
        return meeting_shapes.with_registration(body, self.registration_url())

    def registration_url(self) -> str:
        return f"{self.emu.base_url()}/meeting/register/{self.emu.ids.token(32)}"

    async def meeting_create(self, host: Doc, payload: dict[str, Any]) -> dict[str, Any]:
        path = "/users/{userId}/meetings"
        errors = _validate(payload) + request_errors("POST", path, payload)
        errors += incomplete_items("POST", path, payload)
        if errors:
            raise ValidationFailed(unique_fields(errors))
        body = self.build(host, payload)
        await self.emu.store.insert(meeting_doc(host.account_id, body))
        await self.emu.emit(
            "meeting.created",
            host.account_id,
            body,
            operator=host.body["email"],
            operator_id=host.id,
        )
        return body

    async def get(self, who: Principal, key: str) -> Doc:
        """A meeting by numeric id or by (any encoding of) one of its UUIDs."""
        store = self.emu.store
        meeting_id = key if key.isdigit() else await store.resolve(KIND, normalize_uuid(key))
        doc = await store.get(KIND, meeting_id) if meeting_id else None
        if doc is None or doc.account_id != who.account_id:
            raise MeetingNotFound(key)
        return doc

    async def meeting_update(self, doc: Doc, patch: dict[str, Any]) -> None:
        errors = _validate(patch) + request_errors("PATCH", "/meetings/{meetingId}", patch)
        errors += incomplete_items("PATCH", "/meetings/{meetingId}", patch)
        if errors:
            raise ValidationFailed(unique_fields(errors))
        editable = {
            "topic", "type", "start_time", "duration", "timezone", "agenda", "password",
            "settings", "recurrence", "tracking_fields", "pre_schedule", "template_id",
        }  # fmt: skip
        changes = {k: v for k, v in patch.items() if k in editable and v is not None}
        if "tracking_fields" in changes:
            changes["tracking_fields"] = meeting_shapes.tracking_fields(changes["tracking_fields"])
        registration_url = self.registration_url()

        def apply(old: Doc) -> Doc:
            body = merge_patch(old.body, {k: v for k, v in changes.items() if k != "start_time"})
            if "start_time" in changes:
                body["start_time"] = iso(
                    parse_datetime(str(changes["start_time"]), body["timezone"])
                )
            if body.get("type") == 8 and isinstance(body.get("recurrence"), dict):
                body["occurrences"] = _occurrences(
                    body["start_time"], body["duration"], body["recurrence"]
                )
            body = meeting_shapes.with_registration(body, registration_url)
            return meeting_doc(old.account_id, body, old.aliases)

        await self.emu.store.update(KIND, doc.id, apply)
        changed = {"id": int(doc.id), "uuid": doc.body["uuid"], **changes}
        await self.emu.emit(
            "meeting.updated",
            doc.account_id,
            changed,
            old_object={"id": int(doc.id), "uuid": doc.body["uuid"]},
        )

    async def meeting_delete(self, doc: Doc, occurrence_id: str | None) -> None:
        if not occurrence_id:
            await self.emu.store.delete(KIND, doc.id)
            await self.emu.emit("meeting.deleted", doc.account_id, meeting_shapes.brief(doc.body))
            return
        occurrences = doc.body.get("occurrences") or []
        if not any(o.get("occurrence_id") == occurrence_id for o in occurrences):
            raise BadRequest("Invalid parameter: `occurrence_id`.")

        def cancel(old: Doc) -> Doc:
            body = dict(old.body)
            body["occurrences"] = [
                {**o, "status": "deleted"} if o.get("occurrence_id") == occurrence_id else o
                for o in old.body.get("occurrences") or []
            ]
            return meeting_doc(old.account_id, body, old.aliases)

        await self.emu.store.update(KIND, doc.id, cancel)

    def list_query(
        self, who: Principal, host_id: str, params: Any, cursor: Any, size: int, offset: int
    ) -> Query:
        kind = params.get("type") or "scheduled"
        if kind not in LIST_TYPES:
            raise BadRequest(
                f"Invalid parameter: type {kind!r}; use one of {', '.join(LIST_TYPES)}."
            )
        sort_min = parse_bound(params.get("from"), "from")
        sort_max = parse_bound(params.get("to"), "to", end=True)
        tag = None
        if kind in ("upcoming", "upcoming_meetings"):
            now = iso(self.emu.clock.now())
            sort_min = max(sort_min or now, now)
        elif kind == "previous_meetings":
            now = iso(self.emu.clock.now())
            sort_max = min(sort_max or now, now)
        elif kind == "live":
            tag = "started"
        return Query(
            KIND, who.account_id, parent=host_id, tag=tag, sort_min=sort_min, sort_max=sort_max,
            after=cursor, limit=size, offset=offset,
        )  # fmt: skip

    # GET /users/{userId}/meetings and GET /meetings/{numeric id} are also answered by
    # emulator.hotpath, with these two methods: keep the routes thin over them.

    async def meetings(self, who: Principal, user_key: str, params: Mapping[str, str]) -> bytes:
        """The body of GET /users/{userId}/meetings, built from the stored list items."""
        store = self.emu.store
        try:
            page = page_request(params)
            query = self.list_query(who, "", params, page.cursor, page.page_size, page.offset)
        except ZoomError:
            await self.users.resolve_id(who, user_key)  # an unknown user is the first error
            raise
        if user_key == "me":  # the store finds the user in the same read as the page
            listing = await store.list_under(query, me_parent(who))
        else:
            with store.snapshot():  # the host, the page and its total_records agree
                listing = await store.list_under(query, await self.users.list_parent(who, user_key))
        if listing is None:
            raise UserNotFound(user_key)
        return joined_list_body(
            "meetings", listing.items, listing.cursor, page, listing.total, legacy=True
        )

    async def meeting_raw(self, who: Principal, meeting_id: str) -> bytes | None:
        """A meeting by numeric id as stored: the bytes go out as they are, unparsed."""
        return await self.emu.store.get_raw(KIND, meeting_id, who.account_id)


def backend(request: Request) -> MeetingsBackend:
    return MeetingsBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


async def meetings(request: Request) -> Response:
    who = await authenticate(request)
    # A plain dict: Starlette's params answer a missing key by raising and catching
    # KeyError, and a list request asks for about six keys that are usually absent.
    params = dict(request.query_params)
    body = await backend(request).meetings(who, path_param(request, "user_id"), params)
    return json_response(body)


async def meeting_create(request: Request) -> Response:
    who = await authenticate(request)
    meetings_backend = backend(request)
    host = await meetings_backend.users.resolve(who, path_param(request, "user_id"))
    body = await meetings_backend.meeting_create(host, await read_json(request))
    return json_response(body, 201)


async def meeting(request: Request) -> Response:
    who = await authenticate(request)
    key = path_param(request, "meeting_id")
    if key.isdigit():
        raw = await backend(request).meeting_raw(who, key)
        if raw is None:
            raise MeetingNotFound(key)
        return json_response(raw)
    doc = await backend(request).get(who, key)
    return json_response(doc.body)


async def meeting_update(request: Request) -> Response:
    who = await authenticate(request)
    meetings_backend = backend(request)
    doc = await meetings_backend.get(who, path_param(request, "meeting_id"))
    await meetings_backend.meeting_update(doc, await read_json(request))
    return no_content()


async def meeting_delete(request: Request) -> Response:
    who = await authenticate(request)
    meetings_backend = backend(request)
    doc = await meetings_backend.get(who, path_param(request, "meeting_id"))
    await meetings_backend.meeting_delete(doc, request.query_params.get("occurrence_id"))
    return no_content()


routes = [
    Route("/v2/users/{user_id}/meetings", meetings, methods=["GET"]),
    Route("/v2/users/{user_id}/meetings", meeting_create, methods=["POST"]),
    # `:path` because a raw meeting UUID may hold a `/`; these go after every
    # /v2/meetings/{id}/... route (see app.py).
    Route("/v2/meetings/{meeting_id:path}", meeting, methods=["GET"]),
    Route("/v2/meetings/{meeting_id:path}", meeting_update, methods=["PATCH"]),
    Route("/v2/meetings/{meeting_id:path}", meeting_delete, methods=["DELETE"]),
]
