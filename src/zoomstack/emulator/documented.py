"""Answers cut to what Zoom's spec documents for an operation, every field present.

Strict client models want each documented field with its type, and nothing Zoom
would not send; `shaped` takes what a resource computed and gives exactly that.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from .spec import find_operation, skeleton
from .store import dumps, loads


def shaped(
    method: str, path: str, value: Mapping[str, Any], list_key: str = "", status: int = 200
) -> dict[str, Any]:
    """Every field Zoom documents for an operation's answer (or for the items of its
    `list_key` list): from `value` where it has it, else the spec's empty value; fields
    Zoom does not document are left out."""
    defaults: dict[str, Any] = loads(_skeleton(method, path, list_key, status))
    return {name: value.get(name, default) for name, default in defaults.items()}


@functools.cache
def _skeleton(method: str, path: str, list_key: str, status: int) -> bytes:
    op = find_operation(method, path)
    schema: Mapping[str, Any] = (op.response_schema(status) if op else None) or {}
    if list_key:
        schema = properties(schema).get(list_key, {}).get("items", {})
    return dumps(skeleton(schema))


def properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    """An object schema's properties, its `allOf` parts' included."""
    found: dict[str, Any] = {}
    for part in schema.get("allOf", ()):
        found.update(properties(part))
    found.update(schema.get("properties", {}))
    return found
