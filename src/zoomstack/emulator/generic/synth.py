"""Deterministic values for Zoom's schemas: what a field holds before anyone set it.

A value comes from the schema itself, in this order: Zoom's `example` (when it fits
the schema: Zoom's examples are sometimes of another type or outside the enum), the
`default`, the first `enum` value, then a placeholder of the right type and format.
Objects carry every documented field, since strict client models want them all;
lists are empty unless the schema asks for items. Samples are cached and shared:
never mutate one (`conform` builds new containers where it merges).
"""

from __future__ import annotations

from typing import Any

from .schemas import Schema, fits, kind_of, narrowed, properties

_PLACEHOLDERS: dict[str, Any] = {
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "time": "09:00:00Z",
    "email": "jchill@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "hostname": "example.com",
    "byte": "",
    "binary": "",
}
_SAMPLES: dict[int, tuple[Schema, Any]] = {}
_MAX_DEPTH = 12


def sample(schema: Schema) -> Any:
    """The value a field of this schema holds when nothing was stored (cached)."""
    cached = _SAMPLES.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    value = _sample(schema, 0)
    _SAMPLES[id(schema)] = (schema, value)
    return value


def _sample(schema: Schema, depth: int) -> Any:
    schema = narrowed(schema)
    kind = kind_of(schema)
    if kind == "object":
        if depth >= _MAX_DEPTH:
            return {}
        props = properties(schema)
        return {
            **undocumented_required(schema),
            **{name: _sample(sub, depth + 1) for name, sub in props.items()},
        }
    if kind == "array":
        count = int(schema.get("minItems") or 0)
        items = schema.get("items")
        if not count or not isinstance(items, dict) or depth >= _MAX_DEPTH:
            return []
        return [_sample(items, depth + 1)] * count
    return scalar(schema)


def undocumented_required(schema: Schema) -> dict[str, Any]:
    """Fields Zoom marks required without documenting them: any value is valid, and
    leaving them out is not."""
    props = properties(schema)
    return {name: "" for name in schema.get("required") or () if name not in props}


def scalar(schema: Schema) -> Any:
    kind = kind_of(schema)
    for candidate in (schema.get("example"), schema.get("default"), *schema.get("enum", ())[:1]):
        candidate = _as_kind(candidate, kind)
        if candidate is not None and fits(schema, candidate):
            return candidate
    return placeholder(schema, kind)


def _as_kind(value: Any, kind: str | None) -> Any:
    """Zoom writes some examples as strings of numbers, and number examples as ints."""
    if kind == "number" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind == "integer" and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def placeholder(schema: Schema, kind: str | None) -> Any:
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return _number(schema, kind)
    if kind == "string" or kind is None:
        return _string(schema)
    return None


def _number(schema: Schema, kind: str) -> int | float:
    low, high = schema.get("minimum"), schema.get("maximum")
    value: float = 0
    if isinstance(low, int | float):
        value = low + (1 if schema.get("exclusiveMinimum") is True else 0)
    elif isinstance(high, int | float) and high < 0:
        value = high - (1 if schema.get("exclusiveMaximum") is True else 0)
    return int(value) if kind == "integer" else float(value)


def _string(schema: Schema) -> str:
    value = str(_PLACEHOLDERS.get(str(schema.get("format")), ""))
    shortest = int(schema.get("minLength") or 0)
    if len(value) < shortest:
        value = value + "x" * (shortest - len(value))
    limit = schema.get("maxLength")
    if isinstance(limit, int):
        value = value[:limit]
    return value
