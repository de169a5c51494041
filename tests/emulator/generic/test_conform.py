"""Stored data shaped to a response schema: kept where it fits, sampled where not."""

from __future__ import annotations

from zoomstack.emulator.generic.conform import conform

CHANNEL = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "example": "c1"},
        "name": {"type": "string", "example": "Developers"},
        "type": {"type": "integer", "enum": [1, 2, 3, 4], "example": 2},
        "settings": {
            "type": "object",
            "properties": {"posting": {"type": "integer", "example": 1}},
        },
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


def test_stored_fields_that_fit_are_kept_and_the_rest_sampled() -> None:
    shaped = conform(CHANNEL, {"id": "abc", "name": "ops", "type": 9, "settings": {}, "x": 1})
    assert shaped == {
        "id": "abc",
        "name": "ops",
        "type": 2,  # 9 is outside Zoom's enum
        "settings": {"posting": 1},
        "tags": [],
    }


def test_lists_are_shaped_item_by_item() -> None:
    schema = {"type": "array", "items": CHANNEL["properties"]["settings"]}
    assert conform(schema, [{"posting": 3}, {"posting": "x"}]) == [{"posting": 3}, {"posting": 1}]


def test_one_of_follows_the_stored_keys() -> None:
    schema = {
        "oneOf": [
            {
                "type": "object",
                "properties": {
                    "zoom_rooms": {"type": "object", "properties": {"on": {"type": "boolean"}}}
                },
            },
            {
                "type": "object",
                "properties": {"alert": {"type": "boolean"}, "signage": {"type": "boolean"}},
            },
        ]
    }
    assert conform(schema, {"zoom_rooms": {"on": True}}) == {"zoom_rooms": {"on": True}}
    assert conform(schema, {}) == {"alert": False, "signage": False}


def test_free_form_objects_keep_what_was_stored() -> None:
    assert conform({"type": "object"}, {"anything": [1, 2]}) == {"anything": [1, 2]}
    assert conform({"type": "string", "nullable": True}, None) is None
