from __future__ import annotations

from typing import Any

import pytest

from zoomstack.emulator.validation import merge_patch, request_errors, shape_errors

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"type": "integer", "enum": [1, 2, 8]},
        "topic": {"type": "string"},
        "ok": {"type": "boolean"},
        "settings": {
            "allOf": [{"type": "object", "properties": {"audio": {"enum": ["voip", "both"]}}}]
        },
        "fields": {
            "type": "array",
            "items": {"type": "object", "properties": {"field": {"type": "string"}}},
        },
    },
}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"type": 2, "topic": "x", "ok": True, "unknown": [1]}, []),
        ({"type": None, "topic": None, "settings": {"audio": None}}, []),
        ({"type": "2"}, ["type"]),
        ({"type": True}, ["type"]),
        ({"type": 5}, ["type"]),
        ({"ok": 1}, ["ok"]),
        ({"settings": {"audio": "loud"}}, ["settings.audio"]),
        ({"fields": [{"field": "a"}, {"field": 3}, "x"]}, ["fields.field", "fields"]),
    ],
)
def test_shape_errors_name_the_fields(body: dict[str, Any], errors: list[str]) -> None:
    assert shape_errors(SCHEMA, body) == errors


def test_alternatives_are_chosen_by_the_keys_they_document() -> None:
    schema = {
        "oneOf": [
            {"type": "object", "properties": {"in_meeting": {"type": "object"}}},
            {"type": "object", "properties": {"other": {"type": "string"}}},
            {"type": "object", "properties": {}},
        ]
    }
    assert shape_errors(schema, {"in_meeting": "x"}) == ["in_meeting"]
    assert shape_errors(schema, {"in_meeting": {}}) == []
    assert shape_errors(schema, {"other": "fine"}) == []


def test_request_errors_use_zoom_spec() -> None:
    bad = {"topic": 5, "settings": {"approval_type": "x", "host_video": None}}
    errors = request_errors("POST", "/users/{userId}/meetings", bad)
    assert {error["field"] for error in errors} == {"topic", "settings.approval_type"}
    assert {error["message"] for error in errors} == {"Invalid field."}
    assert request_errors("GET", "/nowhere", bad) == []


def test_merge_patch_keeps_values_under_nulls() -> None:
    merged = merge_patch({"a": 1, "s": {"x": 1, "y": 2}}, {"a": None, "s": {"x": None, "y": 3}})
    assert merged == {"a": 1, "s": {"x": 1, "y": 3}}
