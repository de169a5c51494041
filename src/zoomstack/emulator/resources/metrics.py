"""Dashboard metrics: /v2/metrics/meetings and /v2/metrics/webinars, their details,
participants, and participants' QoS summaries (Zoom's QSS operations).

Everything is read from what ended instances stored: the activity record (list and
detail), the participants, and each participant's client and QoS (`quality`), whose
documents line up row for row with the participants' (same parent and sort keys), so
a page of one is a page of the other.

`type=live` lists nothing: a simulated instance starts and ends within one call, so
no instance is ever live between two requests. `pastOne` is served as `past`, and
`query_date_type=end_time` selects by start time, like `start_time`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import quality
from ..auth import Principal, authenticate, emulator
from ..documented import shaped
from ..errors import BadRequest
from ..http import json_response, path_param
from ..pagination import PageRequest, encode_token, page_request
from ..state import Emulator
from ..store import Page, Query, Store
from . import activity, past_meetings
from .activity import MEETINGS, WEBINARS, Family

LIST_TYPES = ("past", "pastOne", "live")
DATE_TYPES = ("start_time", "end_time")


def _check(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = params.get(name) or allowed[0]
    if value not in allowed:
        raise BadRequest(f"Invalid parameter: {name} {value!r}; use one of {', '.join(allowed)}.")
    return value


def _label(qos: Mapping[str, Any], names: tuple[str, ...]) -> str:
    score = quality.kind_score(qos, names)
    return quality.label(score) if score is not None else ""


def _leave_reason(participant: Mapping[str, Any], end_time: str, word: str) -> str:
    """Zoom's documented reasons, as its enum writes them (`$name` included)."""
    if participant["leave_time"] >= end_time:
        return f"Host ended the {word}."
    return f"$name left the {word}."


def participant_row(
    participant: Mapping[str, Any], stored: Mapping[str, Any] | None, end_time: str, word: str
) -> dict[str, Any]:
    """A participant with their client and the quality their QoS figures earn."""
    profile = stored["profile"] if stored else {}
    qos = stored["qos"] if stored else {}
    identity = stored["identity"] if stored else {}
    return {
        **profile,
        **identity,
        "id": participant["id"],
        "user_id": participant["user_id"],
        "user_name": participant["name"],
        "registrant_id": participant.get("registrant_id", ""),
        "join_time": participant["join_time"],
        "leave_time": participant["leave_time"],
        "status": participant.get("status", "in_meeting"),
        "leave_reason": _leave_reason(participant, end_time, word),
        "video_connection_type": profile.get("connection_type", "UDP"),
        "as_connection_type": profile.get("connection_type", "UDP"),
        "audio_quality": _label(qos, quality.AUDIO),
        "video_quality": _label(qos, quality.VIDEO),
        "screen_share_quality": _label(qos, quality.SHARE),
    }


def qos_row(stored: Mapping[str, Any]) -> dict[str, Any]:
    identity = stored["identity"]
    return {
        "id": identity["participant_user_id"],
        "participant_id": identity["participant_id"],
        "user_name": identity["user_name"],
        "email": identity["email"],
        "qos": quality.summary(stored["qos"]),
    }


def _key(body: Mapping[str, Any]) -> tuple[str, str]:
    return (str(body.get("join_time")), str(body.get("user_id") or body.get("participant_id")))


class MetricsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    @property
    def store(self) -> Store:
        return self.emu.store

    async def dashboard_list(
        self, who: Principal, params: Mapping[str, str], family: Family
    ) -> dict[str, Any]:
        kind = _check(params, "type", LIST_TYPES if family is MEETINGS else ("past", "live"))
        _check(params, "query_date_type", DATE_TYPES)
        span = activity.window(params)
        page = page_request(params)
        query = Query(
            family.activity, who.account_id, sort_min=span.lower, sort_max=span.upper,
            after=page.cursor, limit=page.page_size, offset=page.offset,
        )  # fmt: skip
        if kind == "live":  # nothing is live between two requests (see above)
            result, total = Page(), 0
        else:
            result, total = await self.store.list_page(query), await self.store.count(query)
        key = f"{family.kind}s"
        items = [orjson.loads(item)["dashboard"] for item in result.items]
        return {
            "from": span.start, "to": span.end, "page_count": -(-total // page.page_size),
            "page_size": page.page_size, "total_records": total,
            "next_page_token": encode_token(result.cursor),
            key: [shaped("GET", f"/metrics/{key}", item, key) for item in items],
        }  # fmt: skip

    async def dashboard_detail(
        self, who: Principal, key: str, params: Mapping[str, str], family: Family
    ) -> dict[str, Any]:
        _check(params, "type", ("past", "pastOne", "live"))
        past = await activity.instance(self.store, who.account_id, key, family)
        record = await activity.activity_of(self.store, past, family)
        detail = {**record["dashboard"], "has_meeting_summary": bool(past.body.get("has_meeting_summary"))}  # fmt: skip
        return shaped("GET", f"/metrics/{family.kind}s/{{id}}", detail)

    async def _rows(
        self, account_id: str, uuid: str, page: PageRequest
    ) -> tuple[list[tuple[dict[str, Any], dict[str, Any] | None]], tuple[str, str] | None, int]:
        """A page of participants, each with its stored client and QoS."""
        query = Query(
            past_meetings.PARTICIPANT, account_id, parent=uuid, after=page.cursor,
            limit=page.page_size, offset=page.offset,
        )  # fmt: skip
        people = await self.store.list_page(query)
        stored = await self.store.list_page(replace(query, kind=quality.KIND))
        by_key = {_key(q["identity"]): q for q in map(orjson.loads, stored.items)}
        rows = [(p, by_key.get(_key(p))) for p in map(orjson.loads, people.items)]
        return rows, people.cursor, await self.store.count(query)

    async def dashboard_participants(
        self, who: Principal, key: str, params: Mapping[str, str], family: Family
    ) -> dict[str, Any]:
        _check(params, "type", ("past", "pastOne", "live"))
        past = await activity.instance(self.store, who.account_id, key, family)
        page = page_request(params)
        rows, cursor, total = await self._rows(who.account_id, past.id, page)
        path = f"/metrics/{family.kind}s/{{id}}/participants"
        end, registrant = past.body["end_time"], "registrant_id" in (params.get("include_fields") or "")  # fmt: skip
        items = [
            shaped("GET", path, participant_row(p, q, end, family.kind), "participants")
            for p, q in rows
        ]
        if not registrant:
            items = [{k: v for k, v in item.items() if k != "registrant_id"} for item in items]
        return {
            "page_count": -(-total // page.page_size), "page_size": page.page_size,
            "total_records": total, "next_page_token": encode_token(cursor),
            f"{family.kind}_number": str(past.parent), "participants": items,
        }  # fmt: skip

    async def qos_summary(
        self, who: Principal, key: str, params: Mapping[str, str], family: Family
    ) -> dict[str, Any]:
        past = await activity.instance(self.store, who.account_id, key, family)
        page = page_request(params)
        query = Query(
            quality.KIND, who.account_id, parent=past.id, after=page.cursor,
            limit=page.page_size, offset=page.offset,
        )  # fmt: skip
        result = await self.store.list_page(query)
        return {
            "page_size": page.page_size,
            "next_page_token": encode_token(result.cursor),
            "participants": [qos_row(orjson.loads(item)) for item in result.items],
        }


def backend(request: Request) -> MetricsBackend:
    return MetricsBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


def _family(request: Request) -> Family:
    return WEBINARS if request.url.path.startswith("/v2/metrics/webinars") else MEETINGS


async def dashboard_list(request: Request) -> Response:
    who = await authenticate(request)
    params = dict(request.query_params)
    return json_response(await backend(request).dashboard_list(who, params, _family(request)))


async def dashboard_detail(request: Request) -> Response:
    who = await authenticate(request)
    key, params = path_param(request, "id"), dict(request.query_params)
    return json_response(await backend(request).dashboard_detail(who, key, params, _family(request)))  # fmt: skip


async def dashboard_participants(request: Request) -> Response:
    who = await authenticate(request)
    key, params = path_param(request, "id"), dict(request.query_params)
    metrics = backend(request)
    return json_response(await metrics.dashboard_participants(who, key, params, _family(request)))


async def qos_summary(request: Request) -> Response:
    who = await authenticate(request)
    key, params = path_param(request, "id"), dict(request.query_params)
    return json_response(await backend(request).qos_summary(who, key, params, _family(request)))


routes = [
    Route(f"/v2/metrics/{kind}", dashboard_list, methods=["GET"]) for kind in ("meetings", "webinars")
] + [
    # `:path` where a literal ends the path (a raw instance UUID may hold a `/`); the
    # detail takes one segment, leaving Zoom's other /metrics/{kind}/{id}/... paths be.
    route
    for kind in ("meetings", "webinars")
    for route in (
        Route(f"/v2/metrics/{kind}/{{id:path}}/participants/qos_summary", qos_summary, methods=["GET"]),
        Route(f"/v2/metrics/{kind}/{{id:path}}/participants", dashboard_participants, methods=["GET"]),
        Route(f"/v2/metrics/{kind}/{{id}}", dashboard_detail, methods=["GET"]),
    )
]  # fmt: skip
