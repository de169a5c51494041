"""Sampled values: Zoom's example when it fits, else default, enum, a typed placeholder."""

from __future__ import annotations

from typing import Any

import pytest

from zoomstack.emulator.generic.schemas import fits
from zoomstack.emulator.generic.synth import sample


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"type": "string", "example": "Developers"}, "Developers"),
        ({"type": "integer", "example": 3, "enum": [1, 2]}, 1),  # example outside the enum
        ({"type": "integer", "example": "25"}, 25),  # numbers written as strings
        ({"type": "number", "example": 2}, 2.0),
        ({"type": "boolean", "default": True}, True),
        ({"type": "string", "format": "date-time", "example": "yesterday"}, "2026-01-01T00:00:00Z"),
        ({"type": "string", "format": "email"}, "jchill@example.com"),
        ({"type": "string", "minLength": 3}, "xxx"),
        ({"type": "integer", "minimum": 5}, 5),
        ({"type": "array", "items": {"type": "string"}}, []),
        ({"type": "array", "minItems": 1, "items": {"type": "string", "example": "a"}}, ["a"]),
    ],
)
def test_sample_prefers_what_fits(schema: dict[str, Any], value: Any) -> None:
    assert sample(schema) == value
    assert fits(schema, value)


def test_objects_carry_every_documented_field() -> None:
    schema = {
        "allOf": [
            {"type": "object", "properties": {"id": {"type": "string", "example": "abc"}}},
            {"type": "object", "properties": {"size": {"type": "integer"}}},
        ],
        "required": ["secret"],  # required by Zoom, documented nowhere
    }
    assert sample(schema) == {"secret": "", "id": "abc", "size": 0}


def test_one_of_samples_the_fullest_alternative() -> None:
    schema = {
        "oneOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"type": "object", "properties": {"b": {"type": "string"}, "c": {"type": "integer"}}},
        ]
    }
    assert sample(schema) == {"b": "", "c": 0}


def test_samples_are_deterministic() -> None:
    schema = {"type": "object", "properties": {"when": {"type": "string", "format": "date"}}}
    assert sample(schema) == sample(dict(schema)) == {"when": "2026-01-01"}
