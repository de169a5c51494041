"""What each Zoom operation does to state, inferred from its path template and schemas.

A path ending in a literal names a collection (`/chat/users/{userId}/channels`) or a
singleton (`/users/{userId}/settings`); one ending in a parameter names an item of the
collection before it. A collection is *creatable* when the spec has a POST on it and
either an item path under it or a paged list at it. Records of collections under an
owner are kept under one store kind per family and name (`spec:team-chat:channels`),
so an item created at `/users/{userId}/webinars` reads back at `/webinars/{webinarId}`
(see `kind_for`).

    POST   creatable collection  -> CREATE   (a record; from each entry of a batch body)
    GET    paged collection      -> LIST     (stored records, Zoom's paging)
    GET    other literal path    -> VIEW     (sample of the schema + stored changes)
    GET    item                  -> READ     (a record, or a virtual item where Zoom
                                              creates them itself: call logs, devices)
    PATCH/PUT item               -> UPDATE   (merge)
    PATCH/PUT literal path       -> SET      (merge stored changes)
    DELETE item                  -> DELETE
    DELETE creatable collection  -> CLEAR    (the ids the query names, else all)
    DELETE other literal path    -> UNSET    (drop stored changes)
    POST   anything else         -> ACTION   (validated, answered, nothing stored)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from .. import spec
from .schemas import kind_of, merged, properties

Template = tuple[str, ...]  # path segments, every parameter written "{}"
PAGING_FIELDS = ("next_page_token", "page_size", "total_records", "page_count", "page_number")


class Role(StrEnum):
    LIST = "list"
    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    CLEAR = "clear"
    VIEW = "view"
    SET = "set"
    UNSET = "unset"
    ACTION = "action"


@dataclass(frozen=True, slots=True)
class Plan:
    """How the generic mechanism answers one operation."""

    op: spec.Operation
    role: Role
    segments: tuple[str, ...]  # Zoom's template, parameters named
    kind: str  # records kind of the collection addressed; "" for singletons
    list_key: str | None = None  # LIST: the array the answer holds the items in
    batch_key: str | None = None  # CREATE: a body array whose entries are the records


def segments(path: str) -> tuple[str, ...]:
    return tuple(part for part in path.split("/") if part)


def is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def template(segs: tuple[str, ...]) -> Template:
    return tuple("{}" if is_param(s) else s for s in segs)


def kind_for(family: str, collection: Template) -> str:
    """The store kind of a collection's records. Collections under an owner share one
    kind per family and name, so `/webinars/{id}` reaches what `/users/{userId}/webinars`
    made; a top-level collection with a creator of its own is a kind of its own
    (`/phone/carrier_reseller/numbers` is not `/phone/numbers`)."""
    if not collection:
        return ""
    if "{}" not in collection and creatable(family, collection):
        return f"spec:{family}:/{'/'.join(collection)}"
    return f"spec:{family}:{collection[-1]}"


@functools.cache
def _methods() -> dict[tuple[str, Template], dict[str, spec.Operation]]:
    """Operations by (family, template) and method."""
    found: dict[tuple[str, Template], dict[str, spec.Operation]] = {}
    for op in spec.operations():
        found.setdefault((op.family, template(segments(op.path))), {})[op.method] = op
    return found


def list_key(op: spec.Operation) -> str | None:
    """The array a GET answers its items in, when it answers a paged list."""
    schema = op.response_schema(200)
    if schema is None or kind_of(merged(schema)) != "object":
        return None
    props = properties(schema)
    arrays = [name for name, sub in props.items() if kind_of(merged(sub)) == "array"]
    if not arrays:
        return None
    name = segments(op.path)[-1]
    if name in arrays:
        return name
    objects = [a for a in arrays if kind_of(merged(props[a].get("items") or {})) == "object"]
    return (objects or arrays)[0]


def _paged(op: spec.Operation) -> bool:
    schema = op.response_schema(200)
    return schema is not None and any(f in properties(schema) for f in PAGING_FIELDS)


def creatable(family: str, collection: Template) -> bool:
    methods = _methods().get((family, collection), {})
    if "POST" not in methods:
        return False
    if (family, (*collection, "{}")) in _methods():
        return True
    listing = methods.get("GET")
    return listing is not None and list_key(listing) is not None


@functools.cache
def creators() -> dict[str, tuple[spec.Operation, ...]]:
    """The POSTs that create records of each kind."""
    found: dict[str, list[spec.Operation]] = {}
    for (family, path), methods in _methods().items():
        if path and not is_param(path[-1]) and creatable(family, path):
            found.setdefault(kind_for(family, path), []).append(methods["POST"])
    return {kind: tuple(ops) for kind, ops in found.items()}


def creatable_kinds() -> frozenset[str]:
    return frozenset(creators())


def _batch_key(op: spec.Operation, collection: Template) -> str | None:
    """`members` in POST /groups/{groupId}/members {"members": [...]}: one record each."""
    schema = op.request_schema()
    listing = _methods().get((op.family, collection), {}).get("GET")
    key = list_key(listing) if listing else None
    if schema is None or key is None:
        return None
    sub = properties(schema).get(key)
    items = merged(sub.get("items") or {}) if isinstance(sub, dict) else {}
    return key if kind_of(items) == "object" else None


@functools.cache
def plan_of(op: spec.Operation) -> Plan:
    segs = segments(op.path)
    path = template(segs)
    if segs and is_param(segs[-1]):
        return _item_plan(op, segs, path)
    kind = kind_for(op.family, path)
    records = creatable(op.family, path)
    if op.method == "GET":
        key = list_key(op)
        if key is not None and (records or kind in creatable_kinds() or _paged(op)):
            return Plan(op, Role.LIST, segs, kind, list_key=key)
        return Plan(op, Role.VIEW, segs, "")
    if op.method == "POST":
        if records:
            return Plan(op, Role.CREATE, segs, kind, batch_key=_batch_key(op, path))
        return Plan(op, Role.ACTION, segs, "")
    if op.method == "DELETE":
        return Plan(op, Role.CLEAR, segs, kind) if records else Plan(op, Role.UNSET, segs, "")
    return Plan(op, Role.SET, segs, "")


def _item_plan(op: spec.Operation, segs: tuple[str, ...], path: Template) -> Plan:
    kind = kind_for(op.family, path[:-1])
    roles = {"GET": Role.READ, "PATCH": Role.UPDATE, "PUT": Role.UPDATE, "DELETE": Role.DELETE}
    return Plan(op, roles.get(op.method, Role.ACTION), segs, kind)


def is_records(kind: str, owned: frozenset[str] = frozenset()) -> bool:
    """Whether items of this kind exist only once created here (else any id reads
    back). Kinds whose every creator is hand-written (`owned`: "METHOD /path") keep
    their items in their own module, which checks its ids itself."""
    return any(f"{op.method} {op.path}" not in owned for op in creators().get(kind, ()))
