"""Checks of an answer against Zoom's own spec: types, and every documented field present."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openapi_schema_validator import OAS30Validator, oas30_format_checker

from zoomstack.emulator import spec

Schema = Mapping[str, Any]
ERROR_SCHEMA: Schema = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
}


def _properties(schema: Schema) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for part in schema.get("allOf", ()):
        found.update(_properties(part))
    found.update(schema.get("properties", {}))
    return found


def _best_alternative(schema: Schema, value: Any) -> Schema:
    """For `oneOf`/`anyOf`, the alternative that documents most of the value's keys.

    Zoom's alternatives overlap (every field optional, one of them empty), so a real
    answer matches several and a plain `oneOf` check fails on every answer Zoom gives;
    checking against the closest alternative keeps the check strict.
    """
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    if not alternatives or not isinstance(value, dict):
        return schema
    return max(alternatives, key=lambda alt: len(set(_properties(alt)) & set(value)))  # type: ignore[no-any-return]


def _resolve(schema: Schema, value: Any) -> dict[str, Any]:
    """The schema with every `oneOf` under it narrowed to the alternative the value takes."""
    chosen = dict(_best_alternative(schema, value))
    chosen.pop("oneOf", None)
    chosen.pop("anyOf", None)
    if "allOf" in chosen:
        chosen["allOf"] = [_resolve(part, value) for part in chosen["allOf"]]
    if isinstance(value, dict) and "properties" in chosen:
        chosen["properties"] = {
            name: _resolve(sub, value[name]) if name in value else sub
            for name, sub in chosen["properties"].items()
        }
    if isinstance(value, list) and isinstance(chosen.get("items"), dict):
        items = chosen["items"]
        chosen["items"] = _resolve(items, value[0]) if value else items
    return chosen


def type_errors(schema: Schema, value: Any) -> list[str]:
    """Where the value breaks the schema (nullable honoured, unknown formats ignored)."""
    validator = OAS30Validator(_resolve(schema, value), format_checker=oas30_format_checker)
    return [
        f"{'.'.join(map(str, error.absolute_path)) or '<root>'}: {error.message[:200]}"
        for error in validator.iter_errors(value)
    ]


def missing_fields(schema: Schema, value: Any, prefix: str = "") -> list[str]:
    """Documented fields the value lacks, as dotted paths (`[]` for list items)."""
    schema = _best_alternative(schema, value)
    missing: list[str] = []
    if isinstance(value, dict):
        for name, sub in _properties(schema).items():
            if name not in value:
                missing.append(prefix + name)
            else:
                missing += missing_fields(sub, value[name], f"{prefix}{name}.")
    elif isinstance(value, list) and value and isinstance(schema.get("items"), dict):
        missing += missing_fields(schema["items"], value[0], f"{prefix}[].")
    return missing


def operation(method: str, path: str) -> spec.Operation:
    found = spec.find_operation(method, path)
    assert found is not None, f"{method} {path} is in none of Zoom's specs"
    return found
