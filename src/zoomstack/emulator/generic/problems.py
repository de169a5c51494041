"""Zoom's errors for spec-driven operations: refused bodies and ids that do not exist.

The error codes come from the operation's documented responses (`**Error Code:**
`4130` Channel does not exist: $channelId.`), the same text `error-codes.tsv` in
Zoom's spec folder is drawn from, so a missing channel answers 4130 where Zoom does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from .. import spec
from ..errors import NotFound, ValidationFailed, ZoomError
from ..validation import invalid_fields, shape_errors
from .schemas import Schema, alternatives, merged, properties

_CODE = re.compile(r"\s*`(\d+)`(.*)", re.S)
_BREAK = re.compile(r"<br\s*/?>")
_MISSING_WORDS = ("not exist", "not found", "does not", "doesn't exist", "invalid")


def check_body(op: spec.Operation, body: Any) -> None:
    """Raise Zoom's 300 "Validation Failed." for a body the operation's schema refuses:
    wrong types or enum values at any depth, and (on POST and PUT, which send whole
    objects) required fields left out."""
    schema = op.request_schema()
    if schema is None:
        return
    fields = shape_errors(schema, body)
    if op.method in ("POST", "PUT"):
        fields += missing_required(schema, body)
    if fields:
        raise ValidationFailed(invalid_fields(fields))


def missing_required(schema: Schema, value: Any, field: str = "") -> list[str]:
    """Dotted names of required fields absent from `value` (into objects it holds)."""
    schema = merged(schema)
    if not isinstance(value, dict):
        return []
    options = alternatives(schema)
    if options:
        keys = set(value)
        schema = max(options, key=lambda alt: len(keys & set(properties(alt))))
    prefix = f"{field}." if field else ""
    missing = [prefix + name for name in schema.get("required") or () if value.get(name) is None]
    for name, sub in properties(schema).items():
        if isinstance(value.get(name), dict) and isinstance(sub, Mapping):
            missing += missing_required(sub, value[name], prefix + name)
    return missing


def documented_errors(op: spec.Operation, status: int) -> list[tuple[int, str]]:
    """(code, message) pairs the operation documents for an HTTP status."""
    response = op.raw.get("responses", {}).get(str(status)) or {}
    return _parse_codes(str(response.get("description", "")))


@functools.cache
def _parse_codes(description: str) -> list[tuple[int, str]]:
    found = []
    for chunk in description.split("**Error Code:**")[1:]:
        match = _CODE.match(chunk)
        if match:
            message = " ".join(_BREAK.sub(" ", match.group(2)).split())
            found.append((int(match.group(1)), message))
    return found


def not_found(op: spec.Operation, param: str, value: str, noun: str = "") -> ZoomError:
    """Zoom's error for an id in the path that names nothing (404, or the 400 some
    operations document instead), with the code the operation documents for it."""
    status, candidates = 404, documented_errors(op, 404)
    if 404 not in op.statuses:
        refused = [c for c in documented_errors(op, 400) if _says_missing(c[1])]
        status, candidates = (400, refused) if refused else (404, [])
    if not candidates:
        thing = noun or _words(param) or "Resource"
        return NotFound(f"{thing[:1].upper()}{thing[1:]} does not exist: {value}.")
    code, message = _best(candidates, param, noun)
    return ZoomError(_filled(message, param, value), code=code, status=status)


def _says_missing(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in _MISSING_WORDS)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _words(param: str) -> str:
    """`channelId` -> "channel"; `userIdentifier` -> "user"."""
    name = re.sub(r"(Id|_id|Identifier|UUID|Uuid)$", "", param)
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|_", " ", name).lower().strip()


def _best(candidates: list[tuple[int, str]], param: str, noun: str) -> tuple[int, str]:
    """The documented error about this parameter: one naming it (`$channelId`), else
    one naming its noun ("Channel ..."), else one saying something does not exist."""
    key = _squash(param)
    words = [w for w in (_words(param), noun) if w]

    def score(candidate: tuple[int, str]) -> int:
        message = candidate[1]
        placeholders = {_squash(p) for p in re.findall(r"[${]\{?(\w+)", message)}
        if key in placeholders:
            return 3
        if any(_squash(w) in _squash(message) for w in words):
            return 2
        return 1 if _says_missing(message) else 0

    return max(candidates, key=score)


def _filled(message: str, param: str, value: str) -> str:
    """`$channelId` / `{channelId}` in Zoom's message replaced by the value asked for."""
    pattern = re.compile(r"\$\{?(\w+)\}?|\{(\w+)\}")

    def swap(match: re.Match[str]) -> str:
        name = _squash(match.group(1) or match.group(2))
        # `$subAccountId` for `{accountId}`: Zoom names the same id differently at times
        return value if name.endswith(_squash(param)) else match.group(0)

    return pattern.sub(swap, message)
