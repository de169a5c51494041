"""Calendar events: /v2/calendars/{calId}/events and /v2/calendars/{calId}/events/{eventId}.

A user's calendar is named by `primary` (the caller's), the user's email or id, as
Zoom Calendar takes them. Lists follow Zoom's (Google-style) rules: `timeMin` is an
exclusive bound on an event's end, `timeMax` on its start; `maxResults` (default
250, at most 2500) and `pageToken` page them, in start-time order; cancelled events
show only with `showDeleted=true`. Deleting an event cancels it (status `cancelled`),
so a sync sees it go.

Stored kind:
  calendar_event  id = event id, parent = the calendar owner's user id,
                  sort = start instant (UTC ISO; all-day events at midnight UTC);
                  body = the event resource
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..documented import shaped
from ..errors import BadRequest, NotFound, ValidationFailed
from ..http import json_response, no_content, path_param, read_json
from ..pagination import decode_token, encode_token
from ..state import Emulator
from ..store import Doc, Query
from ..times import parse_datetime
from ..validation import request_errors, unique_fields
from .users import UsersBackend

KIND = "calendar_event"
EVENTS_PATH = "/calendars/{calId}/events"
EVENT_PATH = "/calendars/{calId}/events/{eventId}"
_EDITABLE = (
    "start", "end", "attendees", "colorId", "guestsCanInviteOthers", "guestsCanModify",
    "guestsCanSeeOtherGuests", "location", "recurrence", "reminders", "status", "summary",
    "transparency", "visibility",
)  # fmt: skip
_DEFAULT_RESULTS, _MOST_RESULTS = 250, 2500


class EventNotFound(NotFound):
    def __init__(self, event_id: str) -> None:
        super().__init__(f"Event does not exist: {event_id}.")


def instant(when: Mapping[str, Any]) -> datetime:
    """An event time (`dateTime`, or an all-day `date`) as a UTC datetime."""
    if when.get("dateTime"):
        return parse_datetime(str(when["dateTime"]), when.get("timeZone"))
    return datetime.combine(date.fromisoformat(str(when["date"])), time.min, tzinfo=UTC)


def _time_errors(payload: Mapping[str, Any], required: bool) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    moments: dict[str, datetime] = {}
    for name in ("start", "end"):
        when = payload.get(name)
        if when is None and not required:
            continue
        try:
            if not isinstance(when, dict):
                raise ValueError(name)
            moments[name] = instant(when)
        except (KeyError, ValueError, TypeError):
            errors.append({"field": name, "message": "Give dateTime (RFC 3339) or date."})
    if len(moments) == 2 and moments["end"] < moments["start"]:
        errors.append({"field": "end", "message": "The end must not be before the start."})
    return errors


def _attendee(given: Mapping[str, Any], organizer: str) -> dict[str, Any]:
    email = str(given.get("email") or "")
    return {
        "additionalGuests": 0, "displayName": "", "optional": False, "resource": False,
        "responseStatus": "needsAction", **given, "email": email,
        "organizer": email == organizer, "self": email == organizer,
    }  # fmt: skip


def _times(body: dict[str, Any], zone: str) -> dict[str, Any]:
    """Start and end with their time zone, as Zoom Calendar answers them."""
    return {name: {"timeZone": zone, **body[name]} for name in ("start", "end")}


def full_event(body: dict[str, Any], organizer: str, zone: str) -> dict[str, Any]:
    """What is stored: every field any event operation answers; each answer is cut down
    to its own operation's fields with `shaped`."""
    event = shaped("GET", EVENT_PATH, body)
    attendees = [_attendee(a, organizer) for a in body.get("attendees") or []]
    return {**event, **_times(body, zone), "attendees": attendees}


def event_doc(account_id: str, owner_id: str, body: dict[str, Any]) -> Doc:
    start = iso(instant(body["start"]))
    return Doc(KIND, str(body["id"]), account_id, body, parent=owner_id, sort=start)


def _window_bounds(params: Mapping[str, str]) -> tuple[datetime | None, datetime | None]:
    bounds = []
    for name in ("timeMin", "timeMax"):
        raw = params.get(name)
        try:
            bounds.append(parse_datetime(raw) if raw else None)
        except ValueError:
            raise BadRequest(f"Invalid parameter: {name}; use an RFC 3339 timestamp.") from None
    return bounds[0], bounds[1]


def _max_results(params: Mapping[str, str]) -> int:
    raw = params.get("maxResults") or ""
    if raw and not raw.isdigit():
        raise BadRequest("Invalid parameter: maxResults.")
    return min(max(int(raw), 1), _MOST_RESULTS) if raw else _DEFAULT_RESULTS


class CalendarsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.users = UsersBackend(emu)

    async def calendar_owner(self, who: Principal, cal_id: str) -> Doc:
        """The user whose calendar `calId` names: `primary` is the caller's."""
        return await self.users.resolve(who, "me" if cal_id == "primary" else cal_id)

    async def insert_event(self, owner: Doc, payload: dict[str, Any]) -> dict[str, Any]:
        errors = _time_errors(payload, True) + request_errors("POST", EVENTS_PATH, payload)
        if errors:
            raise ValidationFailed(unique_fields(errors))
        now = iso(self.emu.clock.now())
        email = str(owner.body.get("email") or "")
        event_id = self.emu.ids.file_id()[:26].lower()
        body = {
            **{k: payload[k] for k in _EDITABLE if payload.get(k) is not None},
            "id": event_id, "kind": "calendar#event", "etag": f'"{event_id}-0"',
            "iCalUID": f"{event_id}@zoom.us", "eventType": "default", "sequence": 0,
            "created": now, "updated": now, "creator": {"email": email},
            "organizer": {"email": email}, "status": payload.get("status") or "confirmed",
        }  # fmt: skip
        body = full_event(body, email, str(owner.body.get("timezone") or "UTC"))
        await self.emu.store.insert(event_doc(owner.account_id, owner.id, body))
        return shaped("POST", EVENTS_PATH, body)

    async def get_event(self, owner: Doc, event_id: str) -> Doc:
        doc = await self.emu.store.get(KIND, event_id)
        if doc is None or doc.parent != owner.id:
            raise EventNotFound(event_id)
        return doc

    async def change_event(
        self, owner: Doc, event_id: str, payload: dict[str, Any], *, replace: bool = False
    ) -> dict[str, Any]:
        """PATCH merges the fields given; `replace` (the older mock's PUT) sets the
        editable fields to exactly those given."""
        errors = request_errors("PATCH", EVENT_PATH, payload)
        if errors:
            raise ValidationFailed(errors)
        old = await self.get_event(owner, event_id)
        kept = {k: v for k, v in old.body.items() if k not in _EDITABLE or not replace}
        changes = {k: payload[k] for k in _EDITABLE if payload.get(k) is not None}
        sequence = int(old.body.get("sequence") or 0) + 1
        body = {
            **kept, **changes, "updated": iso(self.emu.clock.now()), "sequence": sequence,
            "etag": f'"{event_id}-{sequence}"',
        }  # fmt: skip
        errors = _time_errors(body, True)  # the times as they would be after the change
        if errors:
            raise ValidationFailed(errors)
        zone = str(owner.body.get("timezone") or "UTC")
        body = full_event(body, str(owner.body.get("email") or ""), zone)
        await self.emu.store.upsert(event_doc(owner.account_id, owner.id, body))
        return shaped("PATCH", EVENT_PATH, body)

    async def delete_event(self, owner: Doc, event_id: str) -> None:
        doc = await self.get_event(owner, event_id)
        if doc.body.get("status") == "cancelled":
            raise EventNotFound(event_id)
        body = {**doc.body, "status": "cancelled", "updated": iso(self.emu.clock.now())}
        await self.emu.store.upsert(event_doc(owner.account_id, owner.id, body))

    async def list_events(self, owner: Doc, params: Mapping[str, str]) -> dict[str, Any]:
        low, high = _window_bounds(params)
        size = _max_results(params)
        show_deleted = (params.get("showDeleted") or "").lower() == "true"
        query = Query(
            KIND, owner.account_id, parent=owner.id, after=decode_token(params.get("pageToken", "")),
            sort_max=iso(high) if high else None, limit=size,
        )  # fmt: skip
        page = await self.emu.store.list_page(query)
        events = [orjson.loads(item) for item in page.items]
        items = [
            e for e in events
            if (show_deleted or e.get("status") != "cancelled") and (low is None or instant(e["end"]) > low)
        ]  # fmt: skip
        head = {
            "kind": "calendar#events", "etag": f'"{len(items)}"',
            "summary": owner.body.get("email", ""), "updated": iso(self.emu.clock.now()),
            "timeZone": params.get("timeZone") or owner.body.get("timezone") or "UTC",
            "accessRole": "owner", "defaultReminders": [],
            "nextPageToken": encode_token(page.cursor),
            "items": [shaped("GET", EVENTS_PATH, item, "items") for item in items],
            "nextSyncToken": "",
        }  # fmt: skip
        return shaped("GET", EVENTS_PATH, head)  # every documented field of the list


def backend(request: Request) -> CalendarsBackend:
    return CalendarsBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


async def _owner(request: Request) -> tuple[CalendarsBackend, Doc]:
    who = await authenticate(request)
    calendars = backend(request)
    return calendars, await calendars.calendar_owner(who, path_param(request, "cal_id"))


async def list_events(request: Request) -> Response:
    calendars, owner = await _owner(request)
    return json_response(await calendars.list_events(owner, dict(request.query_params)))


async def insert_event(request: Request) -> Response:
    calendars, owner = await _owner(request)
    return json_response(await calendars.insert_event(owner, await read_json(request)))


async def get_event(request: Request) -> Response:
    calendars, owner = await _owner(request)
    doc = await calendars.get_event(owner, path_param(request, "event_id"))
    return json_response(shaped("GET", EVENT_PATH, doc.body))


async def patch_event(request: Request) -> Response:
    calendars, owner = await _owner(request)
    payload = await read_json(request)
    event_id = path_param(request, "event_id")
    return json_response(await calendars.change_event(owner, event_id, payload))


async def delete_event(request: Request) -> Response:
    calendars, owner = await _owner(request)
    await calendars.delete_event(owner, path_param(request, "event_id"))
    return no_content()


routes = [
    Route("/v2/calendars/{cal_id}/events", list_events, methods=["GET"]),
    Route("/v2/calendars/{cal_id}/events", insert_event, methods=["POST"]),
    Route("/v2/calendars/{cal_id}/events/{event_id}", get_event, methods=["GET"]),
    Route("/v2/calendars/{cal_id}/events/{event_id}", patch_event, methods=["PATCH"]),
    Route("/v2/calendars/{cal_id}/events/{event_id}", delete_event, methods=["DELETE"]),
]
