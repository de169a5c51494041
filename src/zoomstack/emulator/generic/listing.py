"""List answers in Zoom's shape: the items under the key the schema names, and the
paging fields the schema documents (page_size, next_page_token, total_records, and
page_number/page_count on the older lists), with the limits the spec sets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import spec
from ..pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from .bodies import success_schema
from .conform import conform
from .schemas import kind_of, merged, properties
from .synth import sample


def page_limits(op: spec.Operation) -> tuple[int, int]:
    """(default, largest) page size: Zoom's 30 and 300 unless the spec says otherwise."""
    default, largest = DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
    for param in op.raw.get("parameters") or ():
        if param.get("name") == "page_size" and param.get("in") == "query":
            schema = merged(param.get("schema") or {})
            largest = _int(schema.get("maximum"), largest)
            default = _int(schema.get("default"), default)
    documented = properties(success_schema(op) or {}).get("page_size")
    if isinstance(documented, dict):
        largest = min(largest, _int(merged(documented).get("maximum"), largest))
    return max(1, min(default, largest)), max(1, largest)


def pages(op: spec.Operation) -> bool:
    """Whether the list documents a way to ask for another page."""
    documented = properties(success_schema(op) or {})
    return "next_page_token" in documented or "page_number" in documented


def _int(value: Any, fallback: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else fallback


def list_answer(
    op: spec.Operation, key: str, items: list[Any], paging: Mapping[str, Any]
) -> dict[str, Any]:
    schema = success_schema(op) or {}
    props = properties(schema)
    base = sample(schema)
    head: dict[str, Any] = dict(base) if isinstance(base, dict) else {}
    listed = props.get(key) or {}
    item_schema = merged(listed).get("items") or {}
    shaped = [conform(item_schema, item) for item in items]
    if not shaped and merged(listed).get("minItems"):  # Zoom's schema: never empty
        shaped = list(sample(listed))
    head[key] = shaped
    for name, value in paging.items():
        if name in props:
            head[name] = _typed(props[name], value)
    return head


def _typed(schema: Mapping[str, Any], value: Any) -> Any:
    """Paging numbers as strings where Zoom's schema says string (some Rooms lists)."""
    if kind_of(merged(schema)) == "string":
        return str(value)
    return value
