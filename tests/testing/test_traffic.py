"""Fault and request-log helpers of the handle."""

from __future__ import annotations

import pytest

from zoomstack.testing.handle import ZoomEmulator
from zoomstack.testing.results import FaultRule
from zoomstack.zoom import RateLimitError, ServerError


def test_a_fault_answers_its_status_then_stops(zoom_emulator: ZoomEmulator) -> None:
    rule = zoom_emulator.add_fault("/v2/users/*", method="GET", status=503, times=1)
    assert (rule.path, rule.status, rule.times) == ("/v2/users/*", 503, 1)
    with pytest.raises(ServerError) as failed:
        zoom_emulator.api("GET", "users/me")
    assert failed.value.status == 503
    assert zoom_emulator.api("GET", "users/me")["id"]  # `times` ran out
    assert [r.fired for r in zoom_emulator.faults()] == [1]
    zoom_emulator.clear_faults()
    assert zoom_emulator.faults() == []


def test_set_faults_replaces_the_rules(zoom_emulator: ZoomEmulator) -> None:
    zoom_emulator.add_fault("/v2/meetings/*", status=500)
    rules = zoom_emulator.set_faults(
        [
            FaultRule("limit", "*", "/v2/users", 429, 1.0, 0, False, None),
            {"path": "/x", "drop": True},
        ],
        seed=4,
    )
    assert (rules[0].id, rules[0].status, rules[0].drop) == ("limit", 429, False)
    assert rules[1].drop and rules[1].path == "/x"
    with pytest.raises(RateLimitError):
        zoom_emulator.api("GET", "users")


def test_the_request_log_lists_api_calls_newest_first(zoom_emulator: ZoomEmulator) -> None:
    meeting = zoom_emulator.create_meeting(topic="Logged")
    zoom_emulator.get_meeting(meeting.id)
    logged = zoom_emulator.request_log(path="/v2/*")
    assert [(e.method, e.status) for e in logged[:2]] == [("GET", 200), ("POST", 201)]
    assert logged[0].path == f"/v2/meetings/{meeting.id}"
    assert logged[0].account_id == zoom_emulator.account_id
    assert [e.path for e in zoom_emulator.request_log(method="post", path="/v2/*")] == [
        "/v2/users/me/meetings"
    ]
    zoom_emulator.clear_request_log()
    assert zoom_emulator.request_log() == []


def test_reset_clears_faults_and_the_log(zoom_emulator: ZoomEmulator) -> None:
    zoom_emulator.add_fault("/v2/meetings/*", status=500)
    zoom_emulator.api("GET", "users/me")
    zoom_emulator.reset()
    assert zoom_emulator.faults() == [] and zoom_emulator.request_log() == []
