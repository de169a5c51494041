"""A meeting's insights: read, made again, and kept from other users."""

from __future__ import annotations

import asyncio

import pytest

from tests.hub.zoomed import WAIT_SECONDS, Zoomed
from zoomstack.hub.realtime import Realtime


async def test_insights_are_read_and_made_again_on_request(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    meeting, report = await zoomed.held(alice, participants=3, duration=2, seed=3)
    path = f"/meetings/{meeting['id']}/insights"
    first = (await zoomed.client.get(path, headers=alice)).json()
    assert first["status"] == "done" and first["attempts"] == 1
    assert first["meeting_uuid"] == report["uuid"] and first["insights"]["summary"]["overview"]
    assert (await zoomed.client.get(f"/api{path}", headers=alice)).json() == first

    realtime: Realtime = zoomed.hub_app.state.realtime
    async with realtime.connect(await zoomed.user_id("alice@example.com")) as live:
        again = await zoomed.client.post(path, headers=alice)
        assert again.status_code == 202 and again.json()["status"] == "pending"
        done = await asyncio.wait_for(live.next(), WAIT_SECONDS)
    assert done.event == "summary.ready"
    second = (await zoomed.client.get(path, headers=alice)).json()
    assert (second["status"], second["attempts"]) == ("done", 2)
    assert second["insights"] == first["insights"]  # the engine is deterministic


async def test_other_users_see_neither_the_meeting_nor_its_insights(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    bob = await zoomed.user("bob@example.com")
    meeting, _ = await zoomed.held(alice)
    meeting_id = meeting["id"]
    for method, path in (
        ("GET", f"/meetings/{meeting_id}/insights"),
        ("POST", f"/meetings/{meeting_id}/insights"),
        ("GET", f"/api/zoom/enhanced/recordings/{meeting_id}"),
        ("GET", f"/api/zoom/enhanced/participants/{meeting_id}"),
    ):
        answer = await zoomed.client.request(method, path, headers=bob)
        assert answer.status_code == 404, (method, path)
    summary = await zoomed.client.post(
        "/api/zoom/enhanced/chat/meeting-summary", headers=bob, json={"meeting_id": str(meeting_id)}
    )
    assert summary.status_code == 404
    listed = await zoomed.client.get("/recordings", headers=bob)
    assert listed.json()["total_records"] == 0


async def test_a_meeting_without_a_transcript_has_no_insights(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    made = await zoomed.meeting(alice)
    path = f"/meetings/{made['id']}/insights"
    assert (await zoomed.client.get(path, headers=alice)).status_code == 404
    rerun = await zoomed.client.post(path, headers=alice)
    assert rerun.status_code == 404 and "no transcript" in rerun.json()["message"]
    assert (await zoomed.client.get("/meetings/12345/insights", headers=alice)).status_code == 404


@pytest.mark.parametrize("path", ["/meetings/abc/insights", "/meetings/1%202/insights"])
async def test_meeting_ids_are_checked(zoomed: Zoomed, path: str) -> None:
    alice = await zoomed.user("alice@example.com")
    assert (await zoomed.client.get(path, headers=alice)).status_code == 422
