"""/api/zoom/enhanced/*: Zoom's view of a user's meetings with the hub's part, and the
chat command that answers with a meeting's summary."""

from __future__ import annotations

from tests.hub.zoomed import Zoomed

SUMMARY = "/api/zoom/enhanced/chat/meeting-summary"


async def test_zoom_meetings_of_the_user_with_the_hubs_part(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    unheard = await zoomed.zoom.post("/v2/users/me/meetings", json={"topic": "Before webhooks"})
    held, _ = await zoomed.held(alice)  # subscribes the hub to Zoom's webhooks first
    planned = await zoomed.meeting(alice, topic="Next week")
    in_the_app = await zoomed.zoom.post("/v2/users/me/meetings", json={"topic": "Zoom app"})
    await zoomed.delivered()
    answer = await zoomed.client.get("/api/zoom/enhanced/users/me/meetings", headers=alice)
    assert answer.status_code == 200, answer.text
    parts = {m["id"]: m["hub"] for m in answer.json()["meetings"]}
    assert parts[held["id"]] == {"tracked": True, "status": "ended", "insights": "done"}
    assert parts[planned["id"]] == {"tracked": True, "status": "waiting", "insights": None}
    # Made in Zoom while the hub listened: its meeting.created webhook made the copy.
    assert parts[in_the_app.json()["id"]] == {
        "tracked": True,
        "status": "waiting",
        "insights": None,
    }
    assert parts[unheard.json()["id"]] == {"tracked": False, "status": None, "insights": None}

    me = (await zoomed.client.get("/auth/zoom/status", headers=alice)).json()["zoom_user_id"]
    by_id = await zoomed.client.get(f"/api/zoom/enhanced/users/{me}/meetings", headers=alice)
    assert by_id.status_code == 200 and by_id.json()["total_records"] == len(parts)
    limited = await zoomed.client.get(
        "/api/zoom/enhanced/users/me/meetings", headers=alice, params={"limit": 1}
    )
    assert limited.json()["total_records"] == 1
    other = await zoomed.client.get("/api/zoom/enhanced/users/someone/meetings", headers=alice)
    assert other.status_code == 403


async def test_recordings_and_participants_of_a_held_meeting(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    meeting, report = await zoomed.held(alice, participants=4)
    recordings = await zoomed.client.get(
        f"/api/zoom/enhanced/recordings/{meeting['id']}", headers=alice
    )
    body = recordings.json()
    zoom_ids = {f["id"] for f in body["zoom"]["recording_files"]}
    assert zoom_ids == {f["id"] for f in report["recording"]["recording_files"]}
    assert len(body["stored"]) == len(zoom_ids)

    people = await zoomed.client.get(
        f"/api/zoom/enhanced/participants/{meeting['id']}", headers=alice
    )
    found = people.json()
    assert found["total_records"] == len(found["participants"]) >= report["participants_count"]
    assert found["speakers"] and all("speaking_share" in s for s in found["speakers"])


async def test_chat_summary_of_a_meeting(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    meeting, _ = await zoomed.held(alice)
    answer = await zoomed.client.post(
        SUMMARY, headers=alice, json={"meeting_id": str(meeting["id"])}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "done" and body["message"].startswith("Summary of Design review:")
    assert body["summary"]["overview"] in body["message"]
    again = await zoomed.client.post(
        SUMMARY, headers=alice, json={"meeting_id": str(meeting["id"]), "refresh": True}
    )
    assert again.status_code == 202 and again.json()["status"] == "pending"
    assert "being prepared" in again.json()["message"]


async def test_chat_summary_input(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    made = await zoomed.meeting(alice)
    none_yet = await zoomed.client.post(
        SUMMARY, headers=alice, json={"meeting_id": str(made["id"])}
    )
    assert none_yet.status_code == 404 and "no transcript" in none_yet.json()["message"]
    for body in ({"meeting_id": "abc"}, {}, {"meeting_id": "1", "extra": True}):
        assert (await zoomed.client.post(SUMMARY, headers=alice, json=body)).status_code == 422
