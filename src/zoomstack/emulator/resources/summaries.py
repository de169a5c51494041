"""Meeting summaries: /v2/meetings/{meetingId}/meeting_summary and /v2/meetings/meeting_summaries.

Stored kind:
  meeting_summary  id = instance UUID, parent = "", tag = host user id,
                   sort = summary_start_time; body = Zoom's meeting summary object,
                   brief = the list item

The list applies `from`/`to` only when given (and echoes them). Both values of
`time_filter_field` select on summary_start_time: one sort key per document; the
created time follows the start by the meeting's length plus a few minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import BadRequest, MeetingNotFound
from ..http import json_response, no_content, path_param
from ..pagination import list_body, page_request
from ..state import Emulator
from ..store import Doc, Query
from ..times import parse_bound
from . import past_meetings
from .users import UsersBackend

KIND = "meeting_summary"
TIME_FIELDS = ("summary_start_time", "summary_created_time")
LIST_FIELDS = (
    "meeting_host_id", "meeting_host_email", "meeting_uuid", "meeting_id", "meeting_topic",
    "meeting_start_time", "meeting_end_time", "summary_start_time", "summary_end_time",
    "summary_created_time", "summary_last_modified_time",
)  # fmt: skip


def summary_body(
    meeting: dict[str, Any],
    *,
    uuid: str,
    start: datetime,
    end: datetime,
    created: datetime,
    content: dict[str, Any],
    doc_url: str,
) -> dict[str, Any]:
    """A summary in the shape GET /meetings/{meetingId}/meeting_summary answers with.

    `content` holds the generated title, overview, details, next steps and Markdown.
    """
    return {
        "meeting_host_id": meeting["host_id"],
        "meeting_host_email": meeting.get("host_email", ""),
        "meeting_uuid": uuid,
        "meeting_id": int(meeting["id"]),
        "meeting_topic": meeting["topic"],
        "meeting_start_time": iso(start),
        "meeting_end_time": iso(end),
        "summary_start_time": iso(start),
        "summary_end_time": iso(end),
        "summary_created_time": iso(created),
        "summary_last_modified_time": iso(created),
        "summary_last_modified_user_id": meeting["host_id"],
        "summary_last_modified_user_email": meeting.get("host_email", ""),
        "summary_title": content["summary_title"],
        "summary_overview": content["summary_overview"],
        "summary_details": content["summary_details"],
        "next_steps": content["next_steps"],
        "edited_summary": {"summary_overview": "", "summary_details": "", "next_steps": []},
        "summary_content": content["summary_content"],
        "summary_doc_url": doc_url,
    }


def summary_doc(account_id: str, body: dict[str, Any]) -> Doc:
    return Doc(
        kind=KIND,
        id=str(body["meeting_uuid"]),
        account_id=account_id,
        tag=str(body["meeting_host_id"]),
        sort=str(body["summary_start_time"]),
        body=body,
        brief={k: body[k] for k in LIST_FIELDS},
    )


class SummariesBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    async def get(self, who: Principal, key: str) -> Doc:
        store = self.emu.store
        uuid = await past_meetings.instance_uuid(store, who.account_id, key)
        doc = await store.get(KIND, uuid) if uuid else None
        if doc is None or doc.account_id != who.account_id:
            raise MeetingNotFound(key)
        return doc

    async def list_meeting_summaries(self, who: Principal, params: Mapping[str, str]) -> bytes:
        field = params.get("time_filter_field") or TIME_FIELDS[0]
        if field not in TIME_FIELDS:
            raise BadRequest(f"Invalid parameter: time_filter_field {field!r}.")
        start = parse_bound(params.get("from"), "from")
        end = parse_bound(params.get("to"), "to", end=True)
        page = page_request(params)
        query = Query(
            KIND, who.account_id, sort_min=start, sort_max=end, after=page.cursor,
            limit=page.page_size, offset=page.offset,
        )  # fmt: skip
        result = await self.emu.store.list_page(query)
        total = await self.emu.store.count(query)
        window = {k: v for k, v in (("from", start), ("to", end)) if v}
        return list_body("summaries", result, page, total=total, extra=window)

    async def delete_meeting_summary(self, who: Principal, doc: Doc) -> None:
        store = self.emu.store
        await store.delete(KIND, doc.id)
        await store.update(
            past_meetings.KIND,
            doc.id,
            lambda old: old.with_body({**old.body, "has_meeting_summary": False}),
        )
        operator = await UsersBackend(self.emu).resolve(who, "me")
        event = {k: doc.body[k] for k in (*LIST_FIELDS, "summary_title")}
        await self.emu.emit(
            "meeting.summary_deleted",
            doc.account_id,
            event,
            operator=operator.body["email"],
            operator_id=operator.id,
        )


def backend(request: Request) -> SummariesBackend:
    return SummariesBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


async def list_meeting_summaries(request: Request) -> Response:
    who = await authenticate(request)
    return json_response(await backend(request).list_meeting_summaries(who, request.query_params))


async def get_meeting_summary(request: Request) -> Response:
    who = await authenticate(request)
    doc = await backend(request).get(who, path_param(request, "meeting_id"))
    return json_response(doc.body)


async def delete_meeting_summary(request: Request) -> Response:
    who = await authenticate(request)
    summaries = backend(request)
    doc = await summaries.get(who, path_param(request, "meeting_id"))
    await summaries.delete_meeting_summary(who, doc)
    return no_content()


routes = [
    # Before meetings.routes, whose `/v2/meetings/{meeting_id:path}` would take these.
    Route("/v2/meetings/meeting_summaries", list_meeting_summaries, methods=["GET"]),
    Route("/v2/meetings/{meeting_id:path}/meeting_summary", get_meeting_summary, methods=["GET"]),
    Route("/v2/meetings/{meeting_id:path}/meeting_summary", delete_meeting_summary, methods=["DELETE"]),
]  # fmt: skip
