"""Answers for each role of `model.Role`: read the request, touch the store, shape the body.

Every answer is `conform`ed to the operation's response schema, so it validates
whatever was stored; status codes are the ones the operation documents.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from .. import spec
from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import BadRequest, UserNotFound
from ..http import json_response, read_json
from ..pagination import encode_token, page_request
from ..resources.users import UsersBackend
from ..state import Emulator
from .bodies import id_fields, new_id, stamps, success_schema, success_status
from .conform import conform
from .listing import list_answer, page_limits, pages
from .locate import Target, locate
from .model import Role, is_param, is_records, plan_of
from .problems import check_body
from .records import Records
from .schemas import kind_of, merged, properties

API_PREFIX = "/v2"
OWNED_KEY = "zoomstack.owned_operations"


@dataclass(frozen=True, slots=True)
class Call:
    emu: Emulator
    who: Principal
    target: Target
    body: Any  # a JSON object, or the array some operations take
    params: dict[str, str]

    @property
    def fields(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}

    @property
    def op(self) -> spec.Operation:
        return self.target.plan.op

    @property
    def records(self) -> Records:
        return Records(self.emu)

    def now(self) -> str:
        return iso(self.emu.clock.now())


async def answer(request: Request, op: spec.Operation) -> Response:
    """The generic answer to a request for `op`."""
    who = await authenticate(request)
    emu = emulator(request)
    plan = plan_of(op)
    path = request.scope["path"].removeprefix(API_PREFIX)
    target = await locate(emu, who, plan, path, request.scope.get(OWNED_KEY, frozenset()))
    body = await _body(request, op) if op.method in ("POST", "PUT", "PATCH") else {}
    check_body(op, body)
    call = Call(emu, who, target, body, dict(request.query_params))
    return await HANDLERS[plan.role](call)


async def _body(request: Request, op: spec.Operation) -> Any:
    """A JSON body (an array where the operation takes one), or {} for none and for
    uploads (multipart), which carry files."""
    content_type = request.headers.get("content-type", "")
    if content_type and "json" not in content_type:
        return {}
    schema = op.request_schema() or {}
    if kind_of(merged(schema)) != "array":
        return await read_json(request, required=False)
    raw = await request.body()
    try:
        value = orjson.loads(raw) if raw.strip() else []
    except orjson.JSONDecodeError:
        value = None
    if not isinstance(value, list):
        raise BadRequest("Request Body should be a valid JSON array.")
    return value


def respond(op: spec.Operation, data: Any) -> Response:
    """The operation's success status, with `data` shaped to its schema (or no body)."""
    status = success_status(op)
    schema = success_schema(op)
    if schema is None or status == 204:
        return Response(status_code=status)
    return json_response(conform(schema, data), status)


# -- collections ----------------------------------------------------------------------


async def list_items(call: Call) -> Response:
    plan = call.target.plan
    default, largest = page_limits(call.op)
    # A list that documents no way to ask for the next page answers all it holds.
    params = call.params if pages(call.op) else {"page_size": str(largest)}
    request = page_request(params, default=default, maximum=largest)
    items: list[Any] = []
    total, token = 0, ""
    if is_records(plan.kind, call.target.owned):
        items, page, total = await call.records.page(call.target.collection(), request)
        token = encode_token(page.cursor)
    paging = {
        "page_size": request.page_size,
        "next_page_token": token,
        "total_records": total,
        "page_number": request.page_number or 1,
        "page_count": -(-total // request.page_size),
    }
    body = list_answer(call.op, plan.list_key or "", items, paging)
    return json_response(body, success_status(call.op))


async def create(call: Call) -> Response:
    plan = call.target.plan
    if isinstance(call.body, list):
        return await _create_batch(call, call.body, "")
    if plan.batch_key:
        return await _create_batch(call, call.fields.get(plan.batch_key) or [], plan.batch_key)
    # Some creations add an existing thing by its id (POST /phone/rooms {"id": ...}).
    given = call.fields.get("id") if "id" in properties(call.op.request_schema() or {}) else None
    natural = isinstance(given, str | int) and not isinstance(given, bool) and bool(given)
    item_id = str(given) if natural else new_id(call.emu, plan)
    data = {**call.fields, **stamps(plan, call.now(), created=True), **id_fields(plan, item_id)}
    schema = success_schema(call.op)
    if schema is not None:  # keep what the creation answer showed, for later reads
        shown = conform(schema, data)
        data = {**shown, **data} if isinstance(shown, dict) else data
    await call.records.insert(call.target.collection(), item_id, data, natural=natural)
    return respond(call.op, data)


async def _create_batch(call: Call, entries: list[Any], key: str) -> Response:
    """One record per entry (`{"members": [{"email": ...}, ...]}`, or a body that is
    an array), keyed by the entry's own id or the id of the user its email names."""
    where = call.target.collection()
    now = call.now()
    ids: list[str] = []
    for entry in entries:
        if isinstance(entry, str | int) and not isinstance(entry, bool):
            entry = {"id": str(entry)}  # a list of ids (extension ids, user ids)
        if not isinstance(entry, dict):
            continue
        item_id = await _entry_id(call, entry)
        record = {**entry, "id": item_id, "added_at": now}
        await call.records.insert(where, item_id, record, natural=True)
        ids.append(item_id)
    return respond(call.op, {"ids": ",".join(ids), "added_at": now, key or "ids": ids})


async def _entry_id(call: Call, entry: dict[str, Any]) -> str:
    if entry.get("id"):
        return str(entry["id"])
    email = entry.get("email")
    if not isinstance(email, str) or not email:
        return new_id(call.emu, call.target.plan)
    try:
        return (await UsersBackend(call.emu).resolve(call.who, email)).id
    except UserNotFound:  # someone outside the account: known by email only
        return email.lower()


async def clear(call: Call) -> Response:
    """DELETE on a collection: the ids a `...ids` query parameter names, else all."""
    named = next((v for k, v in call.params.items() if k.endswith("ids") and v), None)
    ids = [part.strip() for part in named.split(",") if part.strip()] if named else None
    await call.records.clear(call.target.collection(), ids)
    return respond(call.op, {})


# -- items ------------------------------------------------------------------------------


async def read(call: Call) -> Response:
    target = call.target
    if target.record is not None:
        return respond(call.op, target.record.body)
    return respond(call.op, await _virtual(call))


async def _virtual(call: Call) -> dict[str, Any]:
    """An item Zoom makes by itself: its id, what its anchor knows, stored changes."""
    target = call.target
    known = target.facts
    overlay = await call.records.overlay(target.account_id, target.path)
    return {**known, **id_fields(target.plan, target.item_id), **overlay}


async def update(call: Call) -> Response:
    target = call.target
    changes = {**call.fields, **stamps(target.plan, call.now(), created=False)}
    if target.record is not None:
        return respond(call.op, await call.records.merge(target.record, changes))
    await call.records.set_overlay(target.account_id, target.path, changes)
    return respond(call.op, await _virtual(call))


async def delete(call: Call) -> Response:
    target = call.target
    if target.record is not None:
        await call.records.delete(target.record)
    else:
        await call.records.drop_overlay(target.account_id, target.path)
    return respond(call.op, {})


# -- singletons and actions -------------------------------------------------------------


async def view(call: Call) -> Response:
    target = call.target
    return respond(call.op, await call.records.overlay(target.account_id, target.path))


async def set_values(call: Call) -> Response:
    target = call.target
    await call.records.set_overlay(target.account_id, target.path, call.fields)
    return respond(call.op, await call.records.overlay(target.account_id, target.path))


async def unset(call: Call) -> Response:
    await call.records.drop_overlay(call.target.account_id, call.target.path)
    return respond(call.op, {})


async def action(call: Call) -> Response:
    """A POST that makes nothing readable (send, search, batch ops): checked, answered."""
    target = call.target
    data = dict(call.fields)
    if not is_param(target.plan.segments[-1]):
        data.setdefault("id", new_id(call.emu, target.plan))
    return respond(call.op, data)


Handler = Callable[[Call], Awaitable[Response]]
HANDLERS: dict[Role, Handler] = {
    Role.LIST: list_items,
    Role.CREATE: create,
    Role.READ: read,
    Role.UPDATE: update,
    Role.DELETE: delete,
    Role.CLEAR: clear,
    Role.VIEW: view,
    Role.SET: set_values,
    Role.UNSET: unset,
    Role.ACTION: action,
}
