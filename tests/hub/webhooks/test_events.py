"""The id the hub gives Zoom's events, which carry none."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from zoomstack.hub.webhooks import parse_event
from zoomstack.hub.webhooks.events import BadEvent

BODY: dict[str, Any] = {
    "event": "meeting.started",
    "event_ts": 1700000000123,
    "payload": {"account_id": "acc", "object": {"id": 1, "uuid": "u==", "topic": "T"}},
}


def key(body: dict[str, Any]) -> str:
    return parse_event(orjson.dumps(body)).key


def test_the_same_event_has_the_same_id_however_it_is_serialised() -> None:
    reordered = {"payload": {"object": {"topic": "T", "uuid": "u==", "id": 1}, "account_id": "acc"}}
    same = {**BODY, **reordered, "download_token": "changes-per-delivery"}
    assert key(same) == key(BODY) and len(key(BODY)) == 64


@pytest.mark.parametrize(
    "change",
    [
        {"event": "meeting.ended"},
        {"event_ts": 1700000000124},
        {"payload": {"account_id": "acc", "object": {"id": 2, "uuid": "u==", "topic": "T"}}},
    ],
)
def test_another_event_has_another_id(change: dict[str, Any]) -> None:
    assert key({**BODY, **change}) != key(BODY)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{", "not JSON"),
        (b"[]", "no `event`"),
        (b'{"event": "x"}', "no `payload`"),
        (b'{"event": "x", "payload": {}, "event_ts": "soon"}', "not an integer"),
    ],
)
def test_bodies_that_are_not_events(raw: bytes, reason: str) -> None:
    with pytest.raises(BadEvent, match=reason):
        parse_event(raw)
