"""Cloud recordings: per user and per account lists, one meeting's recording, deletes.

Shapes and the stored `recording` kind are in `recording_shapes`; file bytes are
served by `downloads`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import download_tokens
from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import BadRequest, NotFound, RecordingNotFound
from ..http import json_response, no_content, path_param
from ..pagination import list_body, page_request
from ..state import Emulator
from ..store import Doc, Query
from ..times import parse_bound
from . import past_meetings
from .recording_shapes import (
    CONTENT,
    KIND,
    TRASH,
    all_files,
    event_object,
    recording_doc,
    with_totals,
)
from .users import UsersBackend

ACTIONS = ("trash", "delete")


def _day(value: str | None, name: str) -> date | None:
    """The date a `from`/`to` value falls on; dates and datetimes both work."""
    bound = parse_bound(value, name)
    return date.fromisoformat(bound[:10]) if bound else None


def _flag(params: Mapping[str, str], name: str) -> bool:
    return (params.get(name) or "").lower() == "true"


class RecordingsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    async def get(self, who: Principal, key: str, *, trashed: bool = False) -> Doc:
        """The recording of an instance, or of a meeting's latest one; trashed ones only
        when asked (deleting from the trash)."""
        store = self.emu.store
        uuid = await past_meetings.instance_uuid(store, who.account_id, key)
        doc = await store.get(KIND, uuid) if uuid else None
        if doc is None or doc.account_id != who.account_id:
            raise RecordingNotFound()
        if doc.parent == TRASH and not trashed:
            raise RecordingNotFound()
        return doc

    def window(self, params: Mapping[str, str]) -> tuple[date, date, str, str]:
        """The dates a list covers and its sort bounds; Zoom's default is today to tomorrow."""
        today = self.emu.clock.now().date()
        end_day = _day(params.get("to"), "to")
        start_day = _day(params.get("from"), "from") or min(today, end_day or today)
        end_day = end_day or today + timedelta(days=1)
        lower = parse_bound(params.get("from"), "from") or f"{start_day.isoformat()}T00:00:00Z"
        upper = parse_bound(params.get("to"), "to", end=True)
        upper = upper or f"{(end_day + timedelta(days=1)).isoformat()}T00:00:00Z"
        return start_day, end_day, lower, upper

    async def recordings_list(
        self, who: Principal, host_id: str | None, params: Mapping[str, str]
    ) -> bytes:
        start_day, end_day, lower, upper = self.window(params)
        trash = _flag(params, "trash")
        page = page_request(params)
        query = Query(
            KIND, who.account_id, parent=TRASH if trash else "", tag=host_id,
            sort_min=None if trash else lower, sort_max=None if trash else upper,
            after=page.cursor, limit=page.page_size, offset=page.offset, descending=True,
        )  # fmt: skip
        result = await self.emu.store.list_page(query)
        total = await self.emu.store.count(query)
        head = {
            "from": start_day.isoformat(),
            "to": end_day.isoformat(),
            "page_count": -(-total // page.page_size),
        }
        return list_body("meetings", result, page, total=total, extra=head)

    def recording_get(self, doc: Doc, params: Mapping[str, str]) -> dict[str, Any]:
        body = dict(doc.body)
        fields = (params.get("include_fields") or "").split(",")
        if "download_access_token" in fields:
            ttl = params.get("ttl") or str(download_tokens.DEFAULT_TTL)
            if not ttl.isdigit() or int(ttl) > download_tokens.MAX_TTL:
                raise BadRequest("Invalid parameter: ttl.")
            token = download_tokens.issue(self.emu, doc.account_id, int(ttl) or 1)
            body["download_access_token"] = token
        return body

    async def recording_delete(self, who: Principal, doc: Doc, action: str) -> None:
        files = list(doc.body["recording_files"])
        if action == "delete":
            await self.emu.store.delete(KIND, doc.id)
            await self.emu.store.delete(CONTENT, doc.id)
        else:
            await self.emu.store.update(KIND, doc.id, self._trash)
        await self._announce(who, doc, files, action)

    async def recording_delete_one(
        self, who: Principal, doc: Doc, file_id: str, action: str
    ) -> None:
        files = [f for f in all_files(doc.body) if f["id"] == file_id]
        if not files:
            raise RecordingNotFound()
        rest = [f for f in doc.body["recording_files"] if f["id"] != file_id]
        if not rest:
            await self.recording_delete(who, doc, action)
            return
        separate = [f for f in doc.body.get("participant_audio_files") or () if f["id"] != file_id]
        body = with_totals(
            {**doc.body, "recording_files": rest, "participant_audio_files": separate}
        )
        await self.emu.store.update(KIND, doc.id, lambda old: recording_doc(old.account_id, body))
        await self._announce(who, doc, files, action)

    def _trash(self, old: Doc) -> Doc:
        deleted = iso(self.emu.clock.now())
        files = [{**f, "deleted_time": deleted} for f in old.body["recording_files"]]
        body = {**old.body, "recording_files": files}
        return recording_doc(old.account_id, body, trashed=True)

    async def _announce(
        self, who: Principal, doc: Doc, files: list[dict[str, Any]], action: str
    ) -> None:
        operator = await UsersBackend(self.emu).resolve(who, "me")
        meeting = await self.emu.store.get("meeting", str(doc.body["id"]))
        obj = event_object(doc.body, meeting.body if meeting else {}, files)
        await self.emu.emit(
            "recording.trashed" if action == "trash" else "recording.deleted",
            doc.account_id,
            obj,
            operator=operator.body["email"],
            operator_id=operator.id,
        )


def backend(request: Request) -> RecordingsBackend:
    return RecordingsBackend(emulator(request))


def _action(request: Request) -> str:
    action = request.query_params.get("action") or "trash"
    if action not in ACTIONS:
        raise BadRequest(f"Invalid parameter: action {action!r}; use trash or delete.")
    return action


# -- routes ------------------------------------------------------------------------


async def recordings_list(request: Request) -> Response:
    who = await authenticate(request)
    recordings = backend(request)
    host = await UsersBackend(recordings.emu).resolve(who, path_param(request, "user_id"))
    return json_response(await recordings.recordings_list(who, host.id, request.query_params))


async def account_recordings(request: Request) -> Response:
    who = await authenticate(request)
    account = path_param(request, "account_id")
    if account not in ("me", who.account_id):
        raise NotFound(f"Account does not exist: {account}.", code=2001)
    return json_response(await backend(request).recordings_list(who, None, request.query_params))


async def recording_get(request: Request) -> Response:
    who = await authenticate(request)
    recordings = backend(request)
    doc = await recordings.get(who, path_param(request, "meeting_id"))
    return json_response(recordings.recording_get(doc, request.query_params))


async def recording_delete(request: Request) -> Response:
    who = await authenticate(request)
    action = _action(request)
    recordings = backend(request)
    key = path_param(request, "meeting_id")
    doc = await recordings.get(who, key, trashed=action == "delete")
    await recordings.recording_delete(who, doc, action)
    return no_content()


async def recording_delete_one(request: Request) -> Response:
    who = await authenticate(request)
    action = _action(request)
    recordings = backend(request)
    doc = await recordings.get(who, path_param(request, "meeting_id"))
    await recordings.recording_delete_one(who, doc, path_param(request, "recording_id"), action)
    return no_content()


routes = [
    Route("/v2/users/{user_id}/recordings", recordings_list, methods=["GET"]),
    Route("/v2/accounts/{account_id}/recordings", account_recordings, methods=["GET"]),
    # Before meetings.routes, whose `/v2/meetings/{meeting_id:path}` would take these.
    Route("/v2/meetings/{meeting_id:path}/recordings/{recording_id}", recording_delete_one, methods=["DELETE"]),
    Route("/v2/meetings/{meeting_id:path}/recordings", recording_get, methods=["GET"]),
    Route("/v2/meetings/{meeting_id:path}/recordings", recording_delete, methods=["DELETE"]),
]  # fmt: skip
