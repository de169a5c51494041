"""Reports: /v2/report/users, per-user meeting reports, and meeting and webinar reports.

Every figure is read from what ended instances stored: the per-host numbers of the
active/inactive hosts report are sums over the account's activity records (see
`activity`) in the window; a meeting's report is its past meeting; participant
reports are its participants, one row per stretch of attendance. Webinars are not
counted in the hosts report, as Zoom counts meetings there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..documented import shaped
from ..errors import BadRequest
from ..http import json_response, path_param
from ..pagination import PageRequest, encode_token, page_request
from ..state import Emulator
from ..store import Query, Store
from . import activity, past_meetings
from .activity import MEETINGS, WEBINARS, Family
from .users import KIND as USER
from .users import UsersBackend

USER_REPORT_TYPES = ("active", "inactive")
MEETING_REPORT_TYPES = ("past", "pastOne", "pastJoined")
_REPORT_PARTICIPANT_EXTRA = {"customer_key": "", "bo_mtg_id": ""}


def _choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = params.get(name) or allowed[0]
    if value not in allowed:
        raise BadRequest(f"Invalid parameter: {name} {value!r}; use one of {', '.join(allowed)}.")
    return value


def _host_totals(records: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = defaultdict(
        lambda: {"meetings": 0, "participants": 0, "meeting_minutes": 0}
    )
    for record in records:
        host = totals[record["host_id"]]
        host["meetings"] += 1
        host["participants"] += int(record["participants"])
        host["meeting_minutes"] += int(record["minutes"])
    return totals


def _user_row(user: dict[str, Any], figures: dict[str, int]) -> dict[str, Any]:
    return {
        "id": user["id"], "email": user["email"],
        "user_name": str(user.get("display_name") or ""), "type": int(user.get("type") or 1),
        "dept": str(user.get("dept") or ""), "custom_attributes": list(user.get("custom_attributes") or []),
        **figures,
    }  # fmt: skip


def slice_rows(
    rows: list[dict[str, Any]], page: PageRequest, key: str
) -> tuple[list[dict[str, Any]], str]:
    """One page of rows already in `key` order, and the next page's token."""
    start = page.offset
    if page.cursor is not None:
        after = page.cursor
        start = next(
            (n for n, row in enumerate(rows) if (str(row[key]), str(row["id"])) > after), len(rows)
        )
    chosen = rows[start : start + page.page_size]
    more = start + page.page_size < len(rows)
    token = encode_token((str(chosen[-1][key]), str(chosen[-1]["id"]))) if more else ""
    return chosen, token


def report_participant(body: Mapping[str, Any], with_registrant: bool) -> dict[str, Any]:
    """A stored participant as a report row (who they are across meetings, too)."""
    row = {**body, **_REPORT_PARTICIPANT_EXTRA, "participant_user_id": body.get("id", "")}
    row.pop("internal_user", None)
    if not with_registrant:
        row.pop("registrant_id", None)
    return row


class ReportsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    @property
    def store(self) -> Store:
        return self.emu.store

    async def report_users(self, who: Principal, params: Mapping[str, str]) -> dict[str, Any]:
        kind = _choice(params, "type", USER_REPORT_TYPES)
        span = activity.window(params)
        records = await activity.scan(
            self.store,
            Query(activity.MEETING_ACTIVITY, who.account_id, sort_min=span.lower, sort_max=span.upper),
        )  # fmt: skip
        totals = _host_totals(records)
        users = await activity.scan(self.store, Query(USER, who.account_id))
        empty = {"meetings": 0, "participants": 0, "meeting_minutes": 0}
        rows = sorted(
            (_user_row(u, totals.get(u["id"], empty)) for u in users if (u["id"] in totals) == (kind == "active")),
            key=lambda row: (row["email"], row["id"]),
        )  # fmt: skip
        page = page_request(params)
        chosen, token = slice_rows(rows, page, "email")
        return {
            "from": span.start, "to": span.end,
            "page_count": -(-len(rows) // page.page_size), "page_number": page.page_number or 1,
            "page_size": page.page_size, "total_records": len(rows), "next_page_token": token,
            "total_meetings": len(records),
            "total_participants": sum(int(r["participants"]) for r in records),
            "total_meeting_minutes": sum(int(r["minutes"]) for r in records),
            "users": chosen,
        }  # fmt: skip

    async def report_meetings(
        self, who: Principal, user_key: str, params: Mapping[str, str]
    ) -> dict[str, Any]:
        """A host's ended meetings in the window. `pastJoined` (meetings the user joined
        as a guest) lists what they hosted too: attendance is kept per meeting only."""
        _choice(params, "type", MEETING_REPORT_TYPES)
        host_id = await UsersBackend(self.emu).resolve_id(who, user_key)
        span = activity.window(params)
        page = page_request(params)
        query = Query(
            activity.MEETING_ACTIVITY, who.account_id, tag=host_id, sort_min=span.lower,
            sort_max=span.upper, after=page.cursor, limit=page.page_size, offset=page.offset,
        )  # fmt: skip
        result = await self.store.list_page(query)
        total = await self.store.count(query)
        return {
            "from": span.start, "to": span.end, "page_count": -(-total // page.page_size),
            "page_number": page.page_number or 1, "page_size": page.page_size, "total_records": total,
            "next_page_token": encode_token(result.cursor),
            "meetings": [orjson.loads(item)["report"] for item in result.items],
        }  # fmt: skip

    async def report_details(self, who: Principal, key: str, family: Family) -> dict[str, Any]:
        past = await activity.instance(self.store, who.account_id, key, family)
        scheduled = await self.store.get(family.kind, past.parent)
        tracking = (scheduled.body.get("tracking_fields") if scheduled else None) or []
        body = {
            **past.body,
            "custom_keys": [],
            "tracking_fields": [
                {"field": str(t.get("field", "")), "value": str(t.get("value", ""))}
                for t in tracking
            ],
        }
        return shaped("GET", f"/report/{family.kind}s/{{id}}", body)

    async def report_participants(
        self, who: Principal, key: str, params: Mapping[str, str], family: Family
    ) -> dict[str, Any]:
        past = await activity.instance(self.store, who.account_id, key, family)
        page = orjson.loads(
            await past_meetings.participants_page(self.store, who.account_id, past.id, params)
        )
        with_registrant = "registrant_id" in (params.get("include_fields") or "").split(",")
        page["participants"] = [
            report_participant(p, with_registrant) for p in page["participants"]
        ]
        return {k: v for k, v in page.items() if k != "page_number"}


def backend(request: Request) -> ReportsBackend:
    return ReportsBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


async def report_users(request: Request) -> Response:
    who = await authenticate(request)
    return json_response(await backend(request).report_users(who, dict(request.query_params)))


async def report_meetings(request: Request) -> Response:
    who = await authenticate(request)
    key, params = path_param(request, "user_id"), dict(request.query_params)
    return json_response(await backend(request).report_meetings(who, key, params))


async def report_meeting_details(request: Request) -> Response:
    who = await authenticate(request)
    key = path_param(request, "id")
    return json_response(await backend(request).report_details(who, key, MEETINGS))


async def report_webinar_details(request: Request) -> Response:
    who = await authenticate(request)
    key = path_param(request, "id")
    return json_response(await backend(request).report_details(who, key, WEBINARS))


async def report_meeting_participants(request: Request) -> Response:
    who = await authenticate(request)
    key, params = path_param(request, "id"), dict(request.query_params)
    return json_response(await backend(request).report_participants(who, key, params, MEETINGS))


async def report_webinar_participants(request: Request) -> Response:
    who = await authenticate(request)
    key, params = path_param(request, "id"), dict(request.query_params)
    return json_response(await backend(request).report_participants(who, key, params, WEBINARS))


routes = [
    Route("/v2/report/users", report_users, methods=["GET"]),
    Route("/v2/report/users/{user_id}/meetings", report_meetings, methods=["GET"]),
    # `:path` where a literal ends the path (a raw instance UUID may hold a `/`); the
    # details take one segment, leaving Zoom's other /report/{kind}/{id}/... paths be.
    Route("/v2/report/meetings/{id:path}/participants", report_meeting_participants, methods=["GET"]),
    Route("/v2/report/meetings/{id}", report_meeting_details, methods=["GET"]),
    Route("/v2/report/webinars/{id:path}/participants", report_webinar_participants, methods=["GET"]),
    Route("/v2/report/webinars/{id}", report_webinar_details, methods=["GET"]),
]  # fmt: skip
