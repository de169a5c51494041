"""A meeting from end to end: made through the hub, held in the emulator, its webhooks
delivered to the hub, its recording synced, its transcript turned into insights, and
each step seen live on a WebSocket."""

from __future__ import annotations

from typing import Any

import pytest

from tests.hub.zoomed import LiveSocket, Zoomed

STEPS = ["meeting.started", "meeting.ended", "recording.completed", "recording.ready"]


async def events_until(live: LiveSocket, name: str, meeting_id: str) -> list[dict[str, Any]]:
    """Every event up to the first `name` of the meeting (that one included)."""
    await live.until(name, meeting_id=meeting_id)
    return live.seen


def names(events: list[dict[str, Any]]) -> list[str]:
    return [event["event"] for event in events]


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_simulated_meeting_reaches_insights_and_live_clients(served: Zoomed) -> None:
    alice = await served.user("alice@example.com")
    await served.connect(alice)
    await served.subscribe()
    async with served.live(alice) as live:
        made = await served.meeting(alice, topic="Launch review", duration=30)
        meeting_id = str(made["id"])
        report = await served.simulate(made["id"], participants=3, duration=3, seed=21)
        seen = await events_until(live, "summary.ready", meeting_id)
        files = report["recording"]["recording_files"]
        while names(seen).count("recording.ready") < len(files):
            await live.until("recording.ready", meeting_id=meeting_id)

    got = names(seen)
    assert got[0] == "meeting.created"
    for step in STEPS:
        assert step in got, (step, got)
    assert got.index("meeting.started") < got.index("meeting.ended") < got.index("summary.ready")
    assert got.index("transcript.ready") < got.index("summary.ready")
    started = seen[got.index("meeting.started")]["data"]["meeting"]
    assert (started["id"], started["uuid"], started["status"]) == (
        made["id"],
        report["uuid"],
        "started",
    )

    read = (await served.client.get(f"/api/meetings/{meeting_id}", headers=alice)).json()
    assert (read["status"], read["uuid"]) == ("ended", report["uuid"])

    stored = await served.client.get(
        "/recordings", headers=alice, params={"meeting_id": meeting_id}
    )
    kept = stored.json()["recordings"]
    assert sorted(f["file_type"] for f in kept) == sorted(f["file_type"] for f in files)
    assert sum(f["file_size"] for f in kept) == sum(f["file_size"] for f in files)
    transcript = next(f for f in kept if f["file_type"] == "TRANSCRIPT")
    assert transcript["processing_status"] == "processed" and transcript["summary"]

    insights = await served.client.get(f"/meetings/{meeting_id}/insights", headers=alice)
    assert insights.status_code == 200, insights.text
    body = insights.json()
    assert (body["status"], body["meeting_uuid"], body["attempts"]) == ("done", report["uuid"], 1)
    found = body["insights"]
    assert found["summary"]["overview"] and len(found["speakers"]) >= 2
    assert {p["speaker"] for p in found["participants"]} == set(found["speakers"])
    summary_event = seen[got.index("summary.ready")]["data"]
    assert summary_event["overview"] == found["summary"]["overview"]
