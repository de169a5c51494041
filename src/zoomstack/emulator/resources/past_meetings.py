"""Past meetings: /v2/past_meetings/{meetingId}, its participants and its instances.

Stored kinds:
  past_meeting  id = instance UUID, parent = meeting id, sort = start_time;
                body = pastMeetingDetails, brief = the instances item {uuid, start_time}
  participant   id = "{instance UUID}#{nnnn}", parent = instance UUID, sort = join_time;
                body = one item of the participants list

Where Zoom takes a meeting id in place of a UUID, it means the latest instance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..errors import MeetingNotFound, NotFound
from ..http import json_response, path_param
from ..ids import normalize_uuid
from ..pagination import list_body, page_request
from ..state import Emulator
from ..store import Doc, Query, Store
from ..times import parse_bound

KIND = "past_meeting"
PARTICIPANT = "participant"
_MOST_INSTANCES = 1000


def past_meeting_doc(account_id: str, body: dict[str, Any], kind: str = KIND) -> Doc:
    """An ended instance; `kind` is `past_webinar` for a webinar's (same shape)."""
    return Doc(
        kind=kind,
        id=str(body["uuid"]),
        account_id=account_id,
        parent=str(body["id"]),
        sort=str(body["start_time"]),
        body=body,
        brief={"uuid": body["uuid"], "start_time": body["start_time"]},
    )


def participant_doc(account_id: str, uuid: str, index: int, body: dict[str, Any]) -> Doc:
    return Doc(
        kind=PARTICIPANT,
        id=f"{uuid}#{index:04d}",
        account_id=account_id,
        parent=uuid,
        sort=str(body["join_time"]),
        body=body,
    )


async def latest_instance(
    store: Store, account_id: str, meeting_id: str, kind: str = KIND
) -> str | None:
    """The UUID of a meeting's (or webinar's) most recent ended instance."""
    query = Query(kind, account_id, parent=meeting_id, descending=True, limit=1)
    page = await store.list_page(query)
    return str(orjson.loads(page.items[0])["uuid"]) if page.items else None


async def instance_uuid(store: Store, account_id: str, key: str, kind: str = KIND) -> str | None:
    """The instance a `{meetingId}` path parameter names: a UUID, or a meeting's latest."""
    if key.isdigit():
        return await latest_instance(store, account_id, key, kind)
    return normalize_uuid(key)


async def find_instance(
    store: Store,
    account_id: str,
    key: str,
    kind: str = KIND,
    missing: Callable[[str], NotFound] = MeetingNotFound,
) -> Doc:
    """The ended instance a path parameter names, within the account, or `missing`."""
    uuid = await instance_uuid(store, account_id, key, kind)
    doc = await store.get(kind, uuid) if uuid else None
    if doc is None or doc.account_id != account_id:
        raise missing(key)
    return doc


async def participants_page(
    store: Store, account_id: str, uuid: str, params: Mapping[str, str]
) -> bytes:
    """One page of an instance's participants, as past_meetings/.../participants answers."""
    page = page_request(params)
    query = Query(
        PARTICIPANT, account_id, parent=uuid, after=page.cursor,
        limit=page.page_size, offset=page.offset,
    )  # fmt: skip
    result = await store.list_page(query)
    total = await store.count(query)
    pages = -(-total // page.page_size)
    return list_body("participants", result, page, total=total, extra={"page_count": pages})


class PastMeetingsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    async def past_meeting_details(self, who: Principal, key: str) -> Doc:
        return await find_instance(self.emu.store, who.account_id, key)

    async def past_meeting_participants(
        self, who: Principal, key: str, params: Mapping[str, str]
    ) -> bytes:
        instance = await self.past_meeting_details(who, key)
        return await participants_page(self.emu.store, who.account_id, instance.id, params)

    async def past_meetings(
        self, who: Principal, key: str, params: Mapping[str, str]
    ) -> dict[str, Any]:
        meeting_id = await self._meeting_id(who, key)
        start, end = params.get("from"), params.get("to")
        both = bool(start and end)  # Zoom applies the range only when both ends are given
        query = Query(
            KIND, who.account_id, parent=meeting_id,
            sort_min=parse_bound(start, "from") if both else None,
            sort_max=parse_bound(end, "to", end=True) if both else None,
            limit=_MOST_INSTANCES,
        )  # fmt: skip
        page = await self.emu.store.list_page(query)
        return {"meetings": [orjson.loads(item) for item in page.items]}

    async def _meeting_id(self, who: Principal, key: str) -> str:
        store = self.emu.store
        if not key.isdigit():
            doc = await store.get(KIND, normalize_uuid(key))
            if doc is None or doc.account_id != who.account_id:
                raise MeetingNotFound(key)
            return doc.parent
        known = await store.get_raw("meeting", key, who.account_id) is not None
        if not known and await latest_instance(store, who.account_id, key) is None:
            raise MeetingNotFound(key)
        return key


def backend(request: Request) -> PastMeetingsBackend:
    return PastMeetingsBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


async def past_meeting_details(request: Request) -> Response:
    who = await authenticate(request)
    doc = await backend(request).past_meeting_details(who, path_param(request, "meeting_id"))
    return json_response(doc.body)


async def past_meeting_participants(request: Request) -> Response:
    who = await authenticate(request)
    key = path_param(request, "meeting_id")
    body = await backend(request).past_meeting_participants(who, key, request.query_params)
    return json_response(body)


async def past_meetings(request: Request) -> Response:
    who = await authenticate(request)
    key = path_param(request, "meeting_id")
    return json_response(await backend(request).past_meetings(who, key, request.query_params))


routes = [
    # `:path` because a raw UUID may hold a `/`; the longer paths go first.
    Route("/v2/past_meetings/{meeting_id:path}/participants", past_meeting_participants, methods=["GET"]),
    Route("/v2/past_meetings/{meeting_id:path}/instances", past_meetings, methods=["GET"]),
    Route("/v2/past_meetings/{meeting_id:path}", past_meeting_details, methods=["GET"]),
]  # fmt: skip
