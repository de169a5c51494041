"""Reading Zoom's schemas: `allOf` merged, `oneOf` narrowed, and whether a value fits.

Zoom's files inline every schema (no `$ref`), and the parsed documents live for the
whole process, so merged schemas are cached by the identity of the original.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

Schema = Mapping[str, Any]

_MERGED: dict[int, tuple[Schema, Schema]] = {}
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_FORMATS = {"date": _DATE, "date-time": _DATE_TIME, "time": _TIME, "email": _EMAIL}


def merged(schema: Schema) -> Schema:
    """The schema with its `allOf` parts folded into one (properties and required)."""
    if "allOf" not in schema:
        return schema
    cached = _MERGED.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = dict(out.get("properties") or {})
    required: list[str] = list(out.get("required") or [])
    for part in schema["allOf"]:
        part = merged(part)
        properties.update(part.get("properties") or {})
        required += [name for name in part.get("required") or () if name not in required]
        for key, value in part.items():
            out.setdefault(key, value)
    if properties:
        out["properties"] = properties
    if required:
        out["required"] = required
    _MERGED[id(schema)] = (schema, out)
    return out


def alternatives(schema: Schema) -> list[Schema]:
    found = schema.get("oneOf") or schema.get("anyOf") or []
    return [merged(alt) for alt in found if isinstance(alt, Mapping)]


def properties(schema: Schema) -> dict[str, Any]:
    props = merged(schema).get("properties")
    return props if isinstance(props, dict) else {}


def kind_of(schema: Schema) -> str | None:
    """The JSON type a schema asks for, inferred when Zoom leaves `type` out."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "allOf" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


def narrowed(schema: Schema, value: Any = None) -> Schema:
    """`allOf` merged and a `oneOf` replaced by the alternative `value` takes.

    Zoom's alternatives overlap, so the one naming most of an object's keys wins; with
    nothing to go by, the one documenting most fields.
    """
    schema = merged(schema)
    options = alternatives(schema)
    if not options:
        return schema
    if _contradicted(schema, options):
        return _own(schema)
    if isinstance(value, dict) and value:
        keys = set(value)
        best = max(options, key=lambda alt: len(keys & set(properties(alt))))
    elif value is not None and not isinstance(value, dict):
        best = next((alt for alt in options if fits(alt, value)), options[0])
    else:
        best = max(options, key=lambda alt: len(properties(alt)))
    return narrowed(best, value)


def _contradicted(schema: Schema, options: list[Schema]) -> bool:
    """Whether the schema's own `type` rules out one of its alternatives. Zoom's only
    such schema (the archives' `complete_time`: a date-time string, `anyOf` an object or
    "") fits no value; its own keywords answer, as Zoom does: a date-time."""
    kind = schema.get("type")
    return isinstance(kind, str) and any(kind_of(alt) not in (None, kind) for alt in options)


_OWN: dict[int, tuple[Schema, Schema]] = {}


def _own(schema: Schema) -> Schema:
    """The schema without its alternatives (cached: samples are cached by identity)."""
    cached = _OWN.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    own = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
    _OWN[id(schema)] = (schema, own)
    return own


def type_fits(value: Any, kind: str | None) -> bool:
    if kind is None or kind not in _PY_TYPES:
        return True
    if isinstance(value, bool) and kind != "boolean":
        return False
    return isinstance(value, _PY_TYPES[kind])


def fits(schema: Schema, value: Any) -> bool:
    """Whether a scalar (or the outer type of a container) satisfies the schema:
    type, nullability, enum, format, length and range."""
    schema = merged(schema)
    if value is None:
        return bool(schema.get("nullable"))
    options = alternatives(schema)
    if options and _contradicted(schema, options):
        return fits(_own(schema), value)
    if options:
        return any(fits(alt, value) for alt in options)
    if not type_fits(value, kind_of(schema)):
        return False
    enum = schema.get("enum")
    if enum and not isinstance(value, dict | list) and value not in enum:
        return False
    if isinstance(value, str):
        return _string_fits(schema, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_fits(schema, value)
    if isinstance(value, list):
        return len(value) >= int(schema.get("minItems") or 0)
    return True


def _string_fits(schema: Schema, value: str) -> bool:
    if len(value) < int(schema.get("minLength") or 0):
        return False
    limit = schema.get("maxLength")
    if isinstance(limit, int) and len(value) > limit:
        return False
    pattern = _FORMATS.get(str(schema.get("format")))
    if pattern is not None and not pattern.match(value):
        return False
    expected = schema.get("pattern")
    if isinstance(expected, str):
        try:
            return re.search(expected, value) is not None
        except re.error:  # Zoom writes some patterns as date masks, not regexes
            return True
    return True


def _number_fits(schema: Schema, value: float) -> bool:
    low, high = schema.get("minimum"), schema.get("maximum")
    if isinstance(low, int | float) and (
        value < low or (schema.get("exclusiveMinimum") is True and value == low)
    ):
        return False
    if isinstance(high, int | float) and (
        value > high or (schema.get("exclusiveMaximum") is True and value == high)
    ):
        return False
    if schema.get("format") == "int32":
        return -(2**31) <= value < 2**31
    return True
