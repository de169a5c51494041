"""Shared request checks and merges for resource bodies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .spec import find_operation


def merge_patch(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """PATCH semantics as Zoom applies them: nested objects merge, `null` leaves a field be.

    Real clients send `null` inside `settings` for fields they do not mean to change,
    so a null never erases a stored value.
    """
    merged = dict(current)
    for key, value in patch.items():
        if value is None:
            continue
        old = merged.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            merged[key] = merge_patch(old, value)
        else:
            merged[key] = without_nulls(value)
    return merged


def without_nulls(value: Any) -> Any:
    """The value with every null inside it left out (in list items too), never stored."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value if item is not None]
    return value


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _type_ok(value: Any, kind: Any) -> bool:
    if not isinstance(kind, str) or kind not in _TYPES:
        return True
    if isinstance(value, bool) and kind != "boolean":
        return False
    return isinstance(value, _TYPES[kind])


def shape_errors(schema: Mapping[str, Any], value: Any, field: str = "") -> list[str]:
    """Fields of a request body whose JSON type or enum value Zoom's schema refuses.

    Only what would corrupt stored answers is checked: types, enums, numeric bounds,
    string lengths and the fields list items require, at any depth.
    Nulls (what clients send for "leave as is"), unknown keys, missing fields and
    lengths are left to the handlers, as Zoom leaves them.
    """
    if value is None:
        return []
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    if alternatives:
        return shape_errors(_closest(alternatives, value), value, field)
    if "allOf" in schema:
        return [e for part in schema["allOf"] for e in shape_errors(part, value, field)]
    if not _type_ok(value, schema.get("type")):
        return [field or "body"]
    if schema.get("enum") and not isinstance(value, dict | list) and value not in schema["enum"]:
        return [field or "body"]
    if _out_of_bounds(schema, value) or _too_long(schema, value):
        return [field or "body"]
    return _nested_errors(schema, value, field)


# An address as RFC 5321 writes the plain ones: dot-separated atoms @ host labels (no
# IDNA "xx--" labels, whose punycode checkers disagree on).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"(?!..--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(
    rf"(?=.{{1,64}}@)(?:{_ATOM}(?:\.{_ATOM})*)@(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*"
)


def is_email(value: Any) -> bool:
    return isinstance(value, str) and EMAIL.fullmatch(value) is not None


def _too_long(schema: Mapping[str, Any], value: Any) -> bool:
    limit = schema.get("maxLength")
    return isinstance(value, str) and isinstance(limit, int) and len(value) > limit


def _out_of_bounds(schema: Mapping[str, Any], value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    low, high = schema.get("minimum"), schema.get("maximum")
    below = isinstance(low, int | float) and value < low
    return below or (isinstance(high, int | float) and value > high)


def _closest(alternatives: list[Mapping[str, Any]], value: Any) -> Mapping[str, Any]:
    """The alternative that documents most of an object's keys (Zoom's alternatives
    overlap and leave every field optional, so "fewest errors" would pass anything)."""

    def score(alt: Mapping[str, Any]) -> tuple[int, int]:
        keys = set(value) if isinstance(value, dict) else set()
        return len(keys & set(alt.get("properties") or ())), -len(shape_errors(alt, value))

    return max(alternatives, key=score)


def _nested_errors(schema: Mapping[str, Any], value: Any, field: str) -> list[str]:
    prefix = f"{field}." if field else ""
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        return [
            error
            for name, sub in properties.items()
            if name in value
            for error in shape_errors(sub, value[name], prefix + name)
        ]
    items = schema.get("items")
    if isinstance(value, list) and isinstance(items, dict):
        return [error for item in value for error in shape_errors(items, item, field)]
    return []


def incomplete_items(method: str, path: str, body: Mapping[str, Any]) -> list[dict[str, str]]:
    """Fields holding lists of fewer or more items than documented, or items that lack a
    field they require, for bodies kept and answered back whole (meetings, webinars): a
    list is stored as sent, so it must be whole; an object merges into what is stored
    and may come in part. (Not checked everywhere: Zoom's files require fields its own
    clients leave out.)"""
    op = find_operation(method, path)
    schema = op.request_schema() if op else None
    return invalid_fields(_incomplete(schema, body, "")) if schema else []


def _incomplete(schema: Mapping[str, Any], value: Any, field: str) -> list[str]:
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    if alternatives and value is not None:
        return _incomplete(_closest(alternatives, value), value, field)
    if "allOf" in schema:
        return [error for part in schema["allOf"] for error in _incomplete(part, value, field)]
    if isinstance(value, dict):
        prefix = f"{field}." if field else ""
        properties = schema.get("properties") or {}
        return [e for n, sub in properties.items() if n in value for e in _incomplete(sub, value[n], prefix + n)]  # fmt: skip
    items = schema.get("items")
    if isinstance(value, list) and isinstance(items, dict):
        found = [error for item in value for error in _incomplete(items, item, field)]
        short = any(_lacks(items, item) for item in value) or _miscounted(schema, value)
        return [field, *found] if short else found
    return []


def _miscounted(schema: Mapping[str, Any], items: list[Any]) -> bool:
    """Whether the list, as stored (its null items left out), holds too few or too many."""
    low, high = schema.get("minItems"), schema.get("maxItems")
    kept = sum(item is not None for item in items)
    return (isinstance(low, int) and kept < low) or (isinstance(high, int) and kept > high)


def _lacks(schema: Mapping[str, Any], item: Any) -> bool:
    """Whether a required field is missing or null (nulls are never stored)."""
    required = schema.get("required")
    if not isinstance(item, dict) or not isinstance(required, list):
        return False
    return not set(required) <= {name for name, value in item.items() if value is not None}


def request_errors(method: str, path: str, body: Mapping[str, Any]) -> list[dict[str, str]]:
    """Zoom's `errors[]` entries for the fields of `body` its spec refuses for the
    operation at (method, path template)."""
    op = find_operation(method, path)
    schema = op.request_schema() if op else None
    fields = shape_errors(schema, body) if schema else []
    return invalid_fields(fields)


def invalid_fields(fields: Iterable[str]) -> list[dict[str, str]]:
    return [{"field": name, "message": "Invalid field."} for name in dict.fromkeys(fields)]


def unique_fields(errors: list[dict[str, str]]) -> list[dict[str, str]]:
    """One entry per field, when hand checks and the spec both flag it."""
    return list({error["field"]: error for error in errors}.values())
