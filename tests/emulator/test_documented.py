from __future__ import annotations

from zoomstack.emulator.documented import properties, shaped


def test_shaped_answers_every_documented_field_and_nothing_else() -> None:
    detail = shaped(
        "GET", "/metrics/meetings/{id}", {"topic": "Kept", "participants": 3, "host_id": "dropped"}
    )
    assert (detail["topic"], detail["participants"]) == ("Kept", 3)
    assert "host_id" not in detail
    assert detail["has_video"] is False and detail["custom_keys"] == []
    item = shaped("GET", "/metrics/meetings", {}, "meetings")
    assert "audio_quality" in item and "in_room_participants" not in item


def test_defaults_are_fresh_copies() -> None:
    first = shaped("GET", "/metrics/meetings/{id}", {})
    first["custom_keys"].append({"key": "k"})
    assert shaped("GET", "/metrics/meetings/{id}", {})["custom_keys"] == []


def test_properties_gather_all_of_parts() -> None:
    schema = {
        "allOf": [{"properties": {"a": {}}}, {"properties": {"b": {}}}],
        "properties": {"c": {}},
    }
    assert set(properties(schema)) == {"a", "b", "c"}
