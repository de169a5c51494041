"""Webinars: /v2/users/{userId}/webinars, /v2/webinars/{webinarId} and past webinars.

Stored kinds:
  webinar       id = webinar id, parent = host user id, tag = status,
                sort = start_time; body = GET /webinars/{webinarId}'s answer
  past_webinar  as past_meeting (see past_meetings), parent = webinar id
Past webinars' participants are `participant` documents under the instance UUID,
as a meeting's are; `simulate` makes webinars happen as it makes meetings happen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import BadRequest, ValidationFailed
from ..http import json_response, no_content, path_param, read_json
from ..ids import normalize_uuid
from ..pagination import list_body, page_request
from ..state import Emulator
from ..store import Doc, Query
from ..times import parse_datetime
from ..validation import incomplete_items, merge_patch, request_errors, unique_fields
from . import meetings, past_meetings
from .meeting_shapes import tracking_fields
from .users import UsersBackend
from .webinar_shapes import (
    EVENT_FIELDS,
    KIND,
    PAST,
    WebinarNotFound,
    default_settings,
    webinar_doc,
    with_registration,
)

WEBINAR_TYPES = (5, 6, 9)
LIST_TYPES = ("scheduled", "upcoming")
_EDITABLE = (
    "topic", "type", "start_time", "duration", "timezone", "agenda", "password",
    "settings", "recurrence", "tracking_fields", "template_id",
)  # fmt: skip


def _validate(method: str, path: str, payload: dict[str, Any]) -> None:
    """Zoom's field checks: a meeting's (lengths, times, zones) but a webinar's types."""
    errors = meetings._validate({k: v for k, v in payload.items() if k != "type"})
    if payload.get("type") is not None and payload["type"] not in WEBINAR_TYPES:
        errors.append({"field": "type", "message": "Invalid field."})
    errors += request_errors(method, path, payload) + incomplete_items(method, path, payload)
    if errors:
        raise ValidationFailed(unique_fields(errors))


def _with_occurrences(body: dict[str, Any]) -> dict[str, Any]:
    """A recurring webinar with a fixed time (type 9) lists its occurrences."""
    recurrence = body.get("recurrence")
    if body.get("type") == 9 and isinstance(recurrence, dict):
        return {**body, "occurrences": meetings._occurrences(body["start_time"], body["duration"], recurrence)}  # fmt: skip
    return {k: v for k, v in body.items() if k != "occurrences"}


class WebinarsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.users = UsersBackend(emu)

    def registration_url(self) -> str:
        return f"{self.emu.base_url()}/webinar/register/{self.emu.ids.token(32)}"

    def build(self, host: Doc, payload: dict[str, Any]) -> dict[str, Any]:
        """A new webinar in the shape GET /webinars/{webinarId} answers with."""
        emu = self.emu
        webinar_id = emu.ids.meeting_id()
        now = emu.clock.now()
        tz = str(payload.get("timezone") or host.body.get("timezone") or "UTC")
        start = payload.get("start_time")
        password = str(payload.get("password") or emu.ids.password())
        body: dict[str, Any] = {
            "uuid": emu.ids.uuid(), "id": webinar_id, "host_id": host.id,
            "host_email": host.body.get("email", ""), "topic": str(payload.get("topic") or "Zoom webinar"),
            "type": int(payload.get("type") or 5), "status": "waiting",
            "start_time": iso(parse_datetime(str(start), tz)) if start else iso(now),
            "duration": int(payload.get("duration") or 60), "timezone": tz,
            "agenda": str(payload.get("agenda") or ""), "created_at": iso(now),
            "password": password, "encrypted_passcode": emu.ids.token(32),
            "h323_passcode": emu.ids.digits(6),
            "join_url": f"{emu.base_url()}/w/{webinar_id}?tk={emu.ids.token(43)}",
            "start_url": f"{emu.base_url()}/s/{webinar_id}?zak={emu.ids.token(64)}",
            "settings": merge_patch(default_settings(), payload.get("settings") or {}),
            "tracking_fields": tracking_fields(payload.get("tracking_fields")),
            "is_simulive": False, "is_events_webinar": False, "transition_to_live": False,
            "simulive_delay_start": {"enable": False, "time": 0, "timeunit": "second"},
            "creation_source": "open_api",
        }  # fmt: skip
        if isinstance(payload.get("recurrence"), dict) and body["type"] in (6, 9):
            body["recurrence"] = payload["recurrence"]
        if payload.get("template_id"):
            body["template_id"] = str(payload["template_id"])
        return with_registration(_with_occurrences(body), self.registration_url())

    async def webinar_create(self, host: Doc, payload: dict[str, Any]) -> dict[str, Any]:
        _validate("POST", "/users/{userId}/webinars", payload)
        body = self.build(host, payload)
        await self.emu.store.insert(webinar_doc(host.account_id, body))
        await self.emu.emit(
            "webinar.created", host.account_id, body,
            operator=host.body["email"], operator_id=host.id, operation="single",
        )  # fmt: skip
        return body

    async def get(self, who: Principal, key: str) -> Doc:
        """A webinar by numeric id or by one of its UUIDs."""
        store = self.emu.store
        webinar_id = key if key.isdigit() else await store.resolve(KIND, normalize_uuid(key))
        doc = await store.get(KIND, webinar_id) if webinar_id else None
        if doc is None or doc.account_id != who.account_id:
            raise WebinarNotFound(key)
        return doc

    async def webinar_update(self, who: Principal, doc: Doc, patch: dict[str, Any]) -> None:
        _validate("PATCH", "/webinars/{webinarId}", patch)
        changes = {k: v for k, v in patch.items() if k in _EDITABLE and v is not None}
        if "tracking_fields" in changes:
            changes["tracking_fields"] = tracking_fields(changes["tracking_fields"])
        registration_url = self.registration_url()

        def apply(old: Doc) -> Doc:
            body = merge_patch(old.body, {k: v for k, v in changes.items() if k != "start_time"})
            if "start_time" in changes:
                start = parse_datetime(str(changes["start_time"]), body["timezone"])
                body["start_time"] = iso(start)
            body = with_registration(_with_occurrences(body), registration_url)
            return webinar_doc(old.account_id, body, old.aliases)

        await self.emu.store.update(KIND, doc.id, apply)
        await self._announce(who, "webinar.updated", doc, {"id": int(doc.id), **changes})

    async def webinar_delete(self, who: Principal, doc: Doc, occurrence_id: str | None) -> None:
        if occurrence_id:
            await self._cancel(doc, occurrence_id)
        else:
            await self.emu.store.delete(KIND, doc.id)
        obj = {k: doc.body[k] for k in EVENT_FIELDS if k in doc.body}
        await self._announce(who, "webinar.deleted", doc, obj)

    async def _cancel(self, doc: Doc, occurrence_id: str) -> None:
        occurrences = doc.body.get("occurrences") or []
        if not any(o.get("occurrence_id") == occurrence_id for o in occurrences):
            raise BadRequest("Webinar occurrence does not exist.", code=3000)

        def cancel(old: Doc) -> Doc:
            kept = [
                {**o, "status": "deleted"} if o.get("occurrence_id") == occurrence_id else o
                for o in old.body.get("occurrences") or []
            ]
            return webinar_doc(old.account_id, {**old.body, "occurrences": kept}, old.aliases)

        await self.emu.store.update(KIND, doc.id, cancel)

    async def _announce(self, who: Principal, name: str, doc: Doc, obj: dict[str, Any]) -> None:
        operator = await self.users.resolve(who, "me")
        extra: dict[str, Any] = {"operator": operator.body["email"], "operator_id": operator.id}
        if name == "webinar.updated":
            extra["old_object"] = {"id": int(doc.id), "uuid": doc.body["uuid"]}
            extra["time_stamp"] = int(self.emu.clock.timestamp() * 1000)
        else:
            extra["operation"] = "single"
        await self.emu.emit(name, doc.account_id, obj, **extra)

    def list_query(self, who: Principal, host_id: str, params: Mapping[str, str]) -> Query:
        kind = params.get("type") or "scheduled"
        if kind not in LIST_TYPES:
            raise BadRequest(f"Invalid parameter: type {kind!r}; use scheduled or upcoming.")
        page = page_request(params)
        start = iso(self.emu.clock.now()) if kind == "upcoming" else None
        return Query(
            KIND, who.account_id, parent=host_id, sort_min=start, after=page.cursor,
            limit=page.page_size, offset=page.offset,
        )  # fmt: skip

    async def past_instance(self, who: Principal, key: str) -> Doc:
        store = self.emu.store
        return await past_meetings.find_instance(store, who.account_id, key, PAST, WebinarNotFound)

    async def past_webinars(self, who: Principal, key: str) -> dict[str, Any]:
        webinar_id = key if key.isdigit() else (await self.past_instance(who, key)).parent
        query = Query(PAST, who.account_id, parent=webinar_id, limit=1000)
        page = await self.emu.store.list_page(query)
        if not page.items and await self.emu.store.get_raw(KIND, key, who.account_id) is None:
            raise WebinarNotFound(key)
        return {"webinars": [orjson.loads(item) for item in page.items]}


def backend(request: Request) -> WebinarsBackend:
    return WebinarsBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


async def webinars(request: Request) -> Response:
    who = await authenticate(request)
    webinars_backend = backend(request)
    host_id = await webinars_backend.users.resolve_id(who, path_param(request, "user_id"))
    params = dict(request.query_params)
    query = webinars_backend.list_query(who, host_id, params)
    store = webinars_backend.emu.store
    result, total = await store.list_page(query), await store.count(query)
    body = list_body("webinars", result, page_request(params), total=total, legacy=True)
    return json_response(body)


async def webinar_create(request: Request) -> Response:
    who = await authenticate(request)
    webinars_backend = backend(request)
    host = await webinars_backend.users.resolve(who, path_param(request, "user_id"))
    body = await webinars_backend.webinar_create(host, await read_json(request))
    return json_response(body, 201)


async def webinar(request: Request) -> Response:
    who = await authenticate(request)
    doc = await backend(request).get(who, path_param(request, "webinar_id"))
    return json_response(doc.body)


async def webinar_update(request: Request) -> Response:
    who = await authenticate(request)
    webinars_backend = backend(request)
    doc = await webinars_backend.get(who, path_param(request, "webinar_id"))
    await webinars_backend.webinar_update(who, doc, await read_json(request))
    return no_content()


async def webinar_delete(request: Request) -> Response:
    who = await authenticate(request)
    webinars_backend = backend(request)
    doc = await webinars_backend.get(who, path_param(request, "webinar_id"))
    await webinars_backend.webinar_delete(who, doc, request.query_params.get("occurrence_id"))
    return no_content()


async def list_webinar_participants(request: Request) -> Response:
    who = await authenticate(request)
    webinars_backend = backend(request)
    instance = await webinars_backend.past_instance(who, path_param(request, "webinar_id"))
    store = webinars_backend.emu.store
    params = request.query_params
    return json_response(await past_meetings.participants_page(store, who.account_id, instance.id, params))  # fmt: skip


async def past_webinars(request: Request) -> Response:
    who = await authenticate(request)
    key = path_param(request, "webinar_id")
    return json_response(await backend(request).past_webinars(who, key))


routes = [
    Route("/v2/users/{user_id}/webinars", webinars, methods=["GET"]),
    Route("/v2/users/{user_id}/webinars", webinar_create, methods=["POST"]),
    Route("/v2/webinars/{webinar_id}", webinar, methods=["GET"]),
    Route("/v2/webinars/{webinar_id}", webinar_update, methods=["PATCH"]),
    Route("/v2/webinars/{webinar_id}", webinar_delete, methods=["DELETE"]),
    # `:path` because a raw instance UUID may hold a `/`.
    Route("/v2/past_webinars/{webinar_id:path}/participants", list_webinar_participants, methods=["GET"]),
    Route("/v2/past_webinars/{webinar_id:path}/instances", past_webinars, methods=["GET"]),
]  # fmt: skip
