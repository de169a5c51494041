"""What the emulator adds to a record besides what the client sent: ids and times.

The id goes in `id` and, where the schemas document one, in the field named after the
path parameter (`{roomId}` -> `room_id`); it is numeric where Zoom's schema says so.
Documented date-time fields named for creation or change get the emulator's clock.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Iterator
from typing import Any

from .. import spec
from ..state import Emulator
from .model import Plan, Template, is_param, segments, template
from .schemas import Schema, kind_of, merged, properties

_CREATED = re.compile(r"creat|^date_time$|^added_at$|^date$")
_CHANGED = re.compile(r"updat|modif|last_edit")


def success_status(op: spec.Operation) -> int:
    """The 2xx Zoom answers with (204 for a DELETE that documents both)."""
    good = sorted(s for s in op.statuses if 200 <= s < 300)
    if op.method == "DELETE" and 204 in good:
        return 204
    if good:
        return good[0]
    return {"POST": 201, "GET": 200}.get(op.method, 204)


def success_schema(op: spec.Operation) -> Schema | None:
    return op.response_schema(success_status(op))


@functools.cache
def item_param(op: spec.Operation) -> str | None:
    """The name of the parameter that addresses one item of the operation's collection
    (`channelId` for POST /chat/users/{userId}/channels), where the spec has one."""
    segs = segments(op.path)
    if segs and is_param(segs[-1]):
        return segs[-1][1:-1]
    wanted: Template = (*template(segs), "{}")
    for other in spec.operations(op.family):
        found = segments(other.path)
        if template(found) == wanted:
            return found[-1][1:-1]
    return None


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def item_schemas(plan: Plan) -> Iterator[Schema]:
    """The schemas that describe one item: the answer to this operation, and the item
    read of the same collection."""
    own = success_schema(plan.op)
    if own is not None:
        yield own
    wanted: Template = (*template(plan.segments), "{}")
    if is_param(plan.segments[-1]):
        return
    for other in spec.operations(plan.op.family):
        if other.method == "GET" and template(segments(other.path)) == wanted:
            schema = other.response_schema(200)
            if schema is not None:
                yield schema


def id_fields(plan: Plan, value: str) -> dict[str, Any]:
    """{"id": ..., "room_id": ...}: the item's id in every field the schemas name it."""
    param = item_param(plan.op)
    names = ["id"] + ([_snake(param), param] if param else [])
    found: dict[str, Any] = {}
    for schema in item_schemas(plan):
        props = properties(schema)
        for name in names:
            if name in props and name not in found:
                found[name] = _typed(props[name], value)
    found.setdefault("id", value)
    return found


def _typed(schema: Schema, value: str) -> Any:
    kind = kind_of(merged(schema))
    if kind in ("integer", "number") and value.isdigit():
        return int(value)
    return value


def _id_schema(plan: Plan) -> Schema:
    for schema in item_schemas(plan):
        sub = properties(schema).get("id")
        if isinstance(sub, dict):
            return merged(sub)
    return {}


def new_id(emu: Emulator, plan: Plan) -> str:
    """A fresh id in the form Zoom's schema gives the collection's ids: a number
    (webinars, tracking fields), a UUID, an address (calendars), else a token."""
    schema = _id_schema(plan)
    if kind_of(schema) in ("integer", "number"):
        return str(emu.ids.meeting_id())
    token = emu.ids.file_id()[:22]
    form = schema.get("format")
    if form == "uuid":
        return str(uuid.UUID(int=int(emu.ids.digits(39)) % (1 << 128), version=4))
    if form == "email":
        return f"{token.lower()}@zoomstack.example"
    return token


def stamps(plan: Plan, now: str, *, created: bool) -> dict[str, str]:
    """The item's documented creation and change times, set to now."""
    found: dict[str, str] = {}
    for schema in item_schemas(plan):
        for name, sub in properties(schema).items():
            if not isinstance(sub, dict) or merged(sub).get("format") != "date-time":
                continue
            if _CHANGED.search(name) or (created and _CREATED.search(name)):
                found[name] = now
    return found
