"""Calls any operation of Zoom's specs against the emulator with what it needs in place.

For an operation, the driver fills the path (`me` for users, mailboxes and accounts,
a real meeting after `meetings`, and a record it creates first for every id of a
creatable collection), the required query parameters and a JSON body, all sampled
from the spec itself, so the contract check needs no per-operation line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from zoomstack.emulator import spec
from zoomstack.emulator.generic.anchors import anchor_for
from zoomstack.emulator.generic.bodies import item_param
from zoomstack.emulator.generic.model import (
    Role,
    is_param,
    is_records,
    kind_for,
    plan_of,
    segments,
    template,
)
from zoomstack.emulator.generic.schemas import merged, properties
from zoomstack.emulator.generic.synth import sample
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.store import Query, loads


@dataclass
class Driver:
    client: httpx.AsyncClient
    auth: dict[str, str]
    emulator: Emulator
    anchors: dict[str, str]  # collection -> the id to use after it: {"users": owner id}
    owned: frozenset[str]  # operations hand-written routes implement
    made: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, parent) -> id

    async def call(self, op: spec.Operation) -> httpx.Response:
        path = await self.path_for(op)
        response = await self.client.request(
            op.method,
            "/v2" + path,
            headers=self.auth,
            params=required_query(op),
            json=request_body(op),
        )
        if op.method == "DELETE":
            self.made.clear()  # what it removed may be a prerequisite of another call
        return response

    async def path_for(self, op: spec.Operation) -> str:
        segs = segments(op.path)
        out: list[str] = []
        for i, seg in enumerate(segs):
            out.append(await self._segment(op, segs, out, i) if is_param(seg) else seg)
        return "/" + "/".join(out)

    async def _segment(
        self, op: spec.Operation, segs: tuple[str, ...], out: list[str], i: int
    ) -> str:
        before = segs[i - 1]
        if before in self.anchors and (before != "webinars" or i == 1):
            return self.anchors[before]
        kind = kind_for(op.family, template(segs[:i]))
        anchored = anchor_for(op.family, template(segs[:i])) is not None
        if not anchored and not is_records(kind, self.owned):
            return str(sample(_param_schema(op, segs[i][1:-1])) or "x1")
        return await self.record(op.family, kind, segs[:i], "/" + "/".join(out))

    async def record(self, family: str, kind: str, collection: tuple[str, ...], parent: str) -> str:
        """The id of a record of `kind` reachable under `parent`, made on first need."""
        key = (kind, parent)
        if key not in self.made:
            self.made[key] = await self._create(family, kind, collection)
        return self.made[key]

    async def _create(self, family: str, kind: str, collection: tuple[str, ...]) -> str:
        creator = _creator(family, kind, template(collection))
        path = await self.path_for(creator)
        body = request_body(creator, entries=1)
        if isinstance(body, dict) and isinstance(body.get("name"), str):  # names may be unique
            body = {**body, "name": f"{body['name']} {len(self.made) + 1}"}
        response = await self.client.post(
            "/v2" + path, headers=self.auth, params=required_query(creator), json=body
        )
        assert response.status_code < 300, f"{creator.operation_id}: {response.text}"
        return _made_id(creator, response, body) or await self._newest(kind, path)

    async def _newest(self, kind: str, parent: str) -> str:
        """For answers that do not show the new id (Zoom documents some that way)."""
        query = Query(kind, self.emulator.account_id, parent=parent, limit=300)
        page = await self.emulator.store.list_page(query)
        assert page.items, f"nothing was created under {parent}"
        return str(loads(page.items[-1])["id"])


def _creator(family: str, kind: str, wanted: tuple[str, ...]) -> spec.Operation:
    """The POST that creates records of `kind`: at the same template if the spec has
    one, else at any template of that kind (POST /users/{userId}/webinars for
    /webinars/{webinarId})."""
    creators = [
        op
        for op in spec.operations(family)
        if plan_of(op).role is Role.CREATE and plan_of(op).kind == kind
    ]
    exact = [op for op in creators if template(segments(op.path)) == wanted]
    return (exact or creators)[0]


def _made_id(op: spec.Operation, response: httpx.Response, body: Any) -> str | None:
    data = response.json() if response.content else {}
    batch = plan_of(op).batch_key
    if batch or isinstance(body, list):
        entries = body if isinstance(body, list) else body.get(batch) or [{}]
        first = entries[0] if entries and isinstance(entries[0], dict) else {}
        return str(first.get("id") or first.get("email") or "") or None
    param = item_param(op) or ""
    for name in ("id", param, _snake(param)):
        if isinstance(data, dict) and data.get(name) not in (None, ""):
            return str(data[name])
    return None


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _param_schema(op: spec.Operation, name: str) -> dict[str, Any]:
    for param in op.raw.get("parameters") or ():
        if param.get("name") == name:
            schema: dict[str, Any] = param.get("schema") or {"type": "string"}
            return schema
    return {"type": "string"}


def required_query(op: spec.Operation) -> dict[str, str]:
    found = {}
    for param in op.raw.get("parameters") or ():
        if param.get("name") == "next_page_token":  # some lists mark it required
            continue
        if param.get("in") == "query" and param.get("required"):
            value = sample(param.get("schema") or {"type": "string"})
            found[param["name"]] = str(value).lower() if isinstance(value, bool) else str(value)
    return found


def request_body(op: spec.Operation, entries: int = 0) -> Any:
    """The sampled body; with `entries`, batch lists hold that many sampled entries."""
    schema = op.request_schema()
    if schema is None:
        return None
    body = sample(schema)
    key = plan_of(op).batch_key
    if entries and key:
        items = merged(properties(schema)[key]).get("items") or {}
        return {**body, key: [sample(items)] * entries}
    if entries and isinstance(body, list) and not body:
        return [sample(merged(schema).get("items") or {})] * entries
    return body
