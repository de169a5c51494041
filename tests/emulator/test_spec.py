from __future__ import annotations

import pytest

from zoomstack.emulator import spec
from zoomstack.emulator.spec import RateLimit


def test_ships_the_core_families() -> None:
    assert {"meetings", "users", "accounts"} <= set(spec.families())
    assert spec.document("users")["info"]["termsOfService"].startswith("https://zoom.us/")


def test_unknown_family_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="no Zoom spec"):
        spec.document("nope")


@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    [
        ("GET", "/v2/users/me", "user"),
        ("GET", "/users/jchill@example.com", "user"),
        ("PATCH", "/v2/users/abc/settings", "userSettingsUpdate"),
        ("POST", "/v2/users/abc/meetings?x=1", "meetingCreate"),
        ("GET", "/v2/meetings/85746065", "meeting"),
        ("GET", "/v2/meetings/meeting_summaries", "Listmeetingsummaries"),
        ("GET", "/v2/meetings/aDYl%2FohsH%3D%3D/meeting_summary", "Getameetingsummary"),
        ("GET", "/v2/past_meetings/123/participants/", "pastMeetingParticipants"),
        ("GET", "/v2/meetings/{meeting_id}", "meeting"),
    ],
)
def test_finds_operation_by_concrete_path(method: str, path: str, operation_id: str) -> None:
    op = spec.find_operation(method, path)
    assert op is not None
    assert op.operation_id == operation_id


def test_unknown_route_or_method_finds_nothing() -> None:
    assert spec.find_operation("GET", "/v2/nowhere/1") is None
    assert spec.find_operation("PUT", "/v2/meetings/1") is None
    assert spec.find_operation("GET", "/") is None


def test_operation_details() -> None:
    op = spec.find_operation("POST", "/v2/users/me/meetings")
    assert op is not None
    assert (op.family, op.path, op.name) == (
        "meetings",
        "/users/{userId}/meetings",
        "meeting_create",
    )
    assert op.rate_limit is RateLimit.light
    assert 201 in op.statuses
    schema = op.response_schema(201)
    assert schema is not None
    assert "join_url" in schema["properties"]
    assert op.response_schema(404) is None


def test_rate_limit_labels_are_read_whatever_their_case() -> None:
    text = "**[Rate Limit Label](https://x.example/a#b):** `Resource-intensive`"
    assert spec.rate_limit_of(text) is RateLimit.resource_intensive
    assert spec.rate_limit_of("no label") is None
    labelled = [op for op in spec.operations("users") if op.rate_limit is not None]
    assert len(labelled) > 0.9 * len(spec.operations("users"))


def test_skeleton_fills_every_documented_field() -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "count": {"type": "integer"},
            "on": {"type": "boolean", "default": True},
            "wrong_default": {"type": "boolean", "default": "false"},
            "audio": {"type": "string", "enum": ["voip", "both"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "channels": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            "nested": {"allOf": [{"properties": {"a": {"type": "number"}}}]},
            "choice": {"oneOf": [{"type": "object", "properties": {"x": {"type": "string"}}}]},
        },
    }
    assert spec.skeleton(schema) == {
        "name": "",
        "count": 0,
        "on": True,
        "wrong_default": False,
        "audio": "voip",
        "tags": [],
        "nested": {"a": 0},
        "choice": {"x": ""},
    }
