"""Zoom's own OpenAPI files, shipped in the package, and the operations they describe.

    find_operation("GET", "/v2/users/me")       -> Operation(operation_id="user", ...)
    find_operation("GET", "/v2/users/{user_id}") -> the same (route templates match too)

The files (in `specs/`, one per product family, plain or gzipped: `phone.json.gz`)
are loaded lazily, once, with orjson. Paths are matched segment by segment: a literal segment beats a
`{parameter}` (so `/meetings/meeting_summaries` is not `/meetings/{meetingId}`).
Pass the raw path: a meeting UUID holding `/` must stay encoded (`%2F`).
"""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import orjson

API_PREFIX = "/v2"
METHODS = ("get", "post", "put", "patch", "delete")
_RATE_LABEL = re.compile(r"Rate Limit Label\]\([^)]*\):\*\*\s*`([^`]+)`")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class RateLimit(StrEnum):
    """Zoom's rate-limit labels (guides/rate-limits.md)."""

    light = "light"
    medium = "medium"
    heavy = "heavy"
    resource_intensive = "resource-intensive"


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of Zoom's spec; `path` is Zoom's template, without `/v2`."""

    family: str
    method: str
    path: str
    operation_id: str
    summary: str
    tags: tuple[str, ...]
    rate_limit: RateLimit | None
    deprecated: bool
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        """The operationId in snake_case, as backend methods are named."""
        return _CAMEL_BOUNDARY.sub("_", self.operation_id).lower()

    @property
    def statuses(self) -> tuple[int, ...]:
        return tuple(int(s) for s in self.raw.get("responses", {}) if s.isdigit())

    def request_schema(self) -> dict[str, Any] | None:
        """The JSON schema of the request body, or None if it takes none."""
        content = (self.raw.get("requestBody") or {}).get("content") or {}
        schema = (content.get("application/json") or {}).get("schema")
        return schema if isinstance(schema, dict) else None

    def response_schema(self, status: int) -> dict[str, Any] | None:
        """The JSON schema of the answer with this status, or None if it has no body."""
        response = self.raw.get("responses", {}).get(str(status)) or {}
        content = response.get("content") or {}
        media = content.get("application/json") or {}
        schema = media.get("schema")
        return schema if isinstance(schema, dict) else None


def _spec_dir() -> Traversable:
    return files(__package__ or "zoomstack.emulator") / "specs"


_SUFFIXES = (".json", ".json.gz")  # the large files ship gzipped


@functools.cache
def _files() -> dict[str, str]:
    """Family name -> file name, e.g. "phone" -> "phone.json.gz"."""
    found: dict[str, str] = {}
    for entry in _spec_dir().iterdir():
        for suffix in _SUFFIXES:
            if entry.name.endswith(suffix):
                found[entry.name[: -len(suffix)]] = entry.name
    return found


@functools.cache
def families() -> tuple[str, ...]:
    """The families shipped, by file stem: ("accounts", "calendar", ... "users")."""
    return tuple(sorted(_files()))


@functools.cache
def document(family: str) -> dict[str, Any]:
    """The whole OpenAPI document of one family (parsed once; do not mutate it)."""
    if family not in families():
        raise KeyError(f"no Zoom spec for {family!r}; shipped: {', '.join(families())}")
    name = _files()[family]
    raw = (_spec_dir() / name).read_bytes()
    spec: dict[str, Any] = orjson.loads(gzip.decompress(raw) if name.endswith(".gz") else raw)
    return spec


def rate_limit_of(description: str) -> RateLimit | None:
    match = _RATE_LABEL.search(description)
    return RateLimit(match.group(1).lower()) if match else None


def _operation(family: str, method: str, path: str, raw: dict[str, Any]) -> Operation:
    return Operation(
        family=family,
        method=method.upper(),
        path=path,
        operation_id=str(raw.get("operationId", "")),
        summary=str(raw.get("summary", "")),
        tags=tuple(raw.get("tags") or ()),
        rate_limit=rate_limit_of(str(raw.get("description", ""))),
        deprecated=bool(raw.get("deprecated", False)),
        raw=raw,
    )


def _family_operations(family: str) -> Iterator[Operation]:
    for path, item in document(family).get("paths", {}).items():
        for method in METHODS:
            if isinstance(item.get(method), dict):
                yield _operation(family, method, path, item[method])


@functools.cache
def operations(family: str | None = None) -> tuple[Operation, ...]:
    """Every operation of one family, or of all shipped families."""
    chosen = (family,) if family else families()
    return tuple(op for name in chosen for op in _family_operations(name))


def _segments(path: str) -> tuple[str, ...]:
    path = path.split("?", 1)[0]
    if path.startswith(API_PREFIX + "/"):
        path = path[len(API_PREFIX) :]
    return tuple(part for part in path.split("/") if part)


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


_Key = tuple[str, int, str]


@functools.cache
def _index() -> dict[_Key, list[tuple[tuple[str, ...], Operation]]]:
    """Templates by (method, segment count, first segment), most literal first."""
    index: dict[_Key, list[tuple[tuple[str, ...], Operation]]] = {}
    for op in operations():
        segs = _segments(op.path)
        index.setdefault((op.method, len(segs), segs[0] if segs else ""), []).append((segs, op))
    for candidates in index.values():
        candidates.sort(key=lambda item: tuple(_is_param(s) for s in item[0]))
    return index


def find_operation(method: str, path: str) -> Operation | None:
    """The spec operation a request (or a route template) is an instance of."""
    segs = _segments(path)
    key = (method.upper(), len(segs), segs[0] if segs else "")
    for template, op in _index().get(key, ()):
        if all(_is_param(t) or t == s for t, s in zip(template, segs, strict=True)):
            return op
    return None


_EMPTY: dict[str, Any] = {"string": "", "integer": 0, "number": 0, "boolean": False}
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _fits(value: Any, kind: str | None) -> bool:
    if kind is None:
        return True
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, _PY_TYPES.get(kind, (object,)))


def skeleton(schema: Mapping[str, Any]) -> Any:
    """A value holding every field `schema` documents: Zoom's default where the spec
    gives one of the right type, else the first enum value, else the type's empty value.

    Strict client models want every documented field present, so resource defaults
    start from this and override what Zoom's real defaults differ in. A list that may
    not be empty (`minItems`) is left out rather than filled with a made-up entry.
    """
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = skeleton(part)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    if alternatives:
        return skeleton(alternatives[0])
    kind = schema.get("type") or ("object" if "properties" in schema else None)
    if "default" in schema and _fits(schema["default"], kind):
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    if kind == "object":
        properties = schema.get("properties", {}).items()
        return {name: skeleton(sub) for name, sub in properties if not sub.get("minItems")}
    if kind == "array":
        return []
    return _EMPTY.get(kind or "")
