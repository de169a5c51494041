"""An answer in the shape of an operation's response schema, from what was stored.

Stored data is what clients sent (merged over time) plus the ids and times the
emulator set. `conform` walks the schema: a documented field that was stored and
fits is answered as stored, any other documented field gets its sample. Fields the
schema does not document are left out, so an answer never breaks its schema.
"""

from __future__ import annotations

from typing import Any

from .. import spec
from .bodies import success_status
from .schemas import Schema, fits, kind_of, narrowed, properties
from .synth import sample, undocumented_required


def conform(schema: Schema, value: Any) -> Any:
    """`value` made to fit `schema`, filled from samples where it says nothing."""
    if value is None and not merged_nullable(schema):
        return sample(schema)
    schema = narrowed(schema, value)
    kind = kind_of(schema)
    if kind == "object":
        return _object(schema, value)
    if kind == "array":
        return _array(schema, value)
    return value if fits(schema, value) else sample(schema)


def merged_nullable(schema: Schema) -> bool:
    return bool(narrowed(schema).get("nullable"))


def _object(schema: Schema, value: Any) -> Any:
    if not isinstance(value, dict):
        return sample(schema)
    props = properties(schema)
    if not props:  # a free-form object: whatever was stored
        return value
    shaped = {
        name: conform(sub, value[name]) if name in value else sample(sub)
        for name, sub in props.items()
    }
    extra = undocumented_required(schema)
    return {**{k: value.get(k, v) for k, v in extra.items()}, **shaped} if extra else shaped


def _array(schema: Schema, value: Any) -> Any:
    items = schema.get("items")
    if not isinstance(value, list) or not fits(schema, value):
        return sample(schema)
    if not isinstance(items, dict):
        return value
    return [conform(items, item) for item in value]


def shaped(method: str, path: str, data: Any, status: int | None = None) -> Any:
    """`data` conformed to the answer Zoom documents for the operation at (method, path
    template), for hand-written modules that build their own data."""
    op = spec.find_operation(method, path)
    if op is None:
        raise LookupError(f"{method} {path} is in none of the shipped specs")
    schema = op.response_schema(status or success_status(op))
    return conform(schema, data) if schema is not None else data
