"""/api/meetings against the emulator: made, changed and cancelled in Zoom, kept in the
hub, seen only by the user who owns them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.hub.zoomed import Zoomed
from zoomstack.config import AuthMode

ERROR_KEYS = {"error", "message", "status_code", "timestamp", "details"}


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_create_read_update_delete_in_zoom_and_in_the_hub(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    made = await zoomed.meeting(alice, topic="Quarterly planning", duration=45, agenda="Budget")
    in_zoom = (await zoomed.zoom.get(f"/v2/meetings/{made['id']}")).json()
    assert (in_zoom["topic"], in_zoom["duration"], in_zoom["agenda"]) == (
        "Quarterly planning",
        45,
        "Budget",
    )
    assert made["status"] == "waiting" and made["join_url"] == in_zoom["join_url"]
    assert made["start_time"].startswith("2030-01-02T15:00:00")

    read = await zoomed.client.get(f"/api/meetings/{made['id']}", headers=alice)
    assert read.status_code == 200 and read.json()["id"] == made["id"]

    changed = await zoomed.client.put(
        f"/api/meetings/{made['id']}", headers=alice, json={"topic": "Planning", "duration": 30}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["topic"], changed.json()["duration"]) == ("Planning", 30)
    assert (await zoomed.zoom.get(f"/v2/meetings/{made['id']}")).json()["topic"] == "Planning"

    gone = await zoomed.client.delete(f"/api/meetings/{made['id']}", headers=alice)
    assert gone.status_code == 204 and gone.content == b""
    assert (await zoomed.zoom.get(f"/v2/meetings/{made['id']}")).status_code == 404
    after = await zoomed.client.get(f"/api/meetings/{made['id']}", headers=alice)
    assert after.status_code == 404 and set(after.json()) == ERROR_KEYS
    listed = (await zoomed.client.get("/api/meetings", headers=alice)).json()
    assert listed["total_records"] == 0
    deleted = await zoomed.client.get("/api/meetings?status=deleted", headers=alice)
    assert [m["id"] for m in deleted.json()["meetings"]] == [made["id"]]


async def test_list_pages_newest_first(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    made = [await zoomed.meeting(alice, topic=f"Meeting {n}") for n in range(5)]
    seen: list[int] = []
    token = ""
    while True:
        params: dict[str, Any] = {"page_size": 2, "next_page_token": token}
        page = (await zoomed.client.get("/api/meetings", headers=alice, params=params)).json()
        assert page["total_records"] == 5
        seen += [m["id"] for m in page["meetings"]]
        token = page["next_page_token"]
        if not token:
            break
    assert seen == [m["id"] for m in reversed(made)]
    bad = await zoomed.client.get("/api/meetings?next_page_token=%%%", headers=alice)
    assert bad.status_code == 400


async def test_another_user_cannot_see_or_change_a_meeting(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    bob = await zoomed.user("bob@example.com")
    made = await zoomed.meeting(alice)
    path = f"/api/meetings/{made['id']}"
    assert (await zoomed.client.get(path, headers=bob)).status_code == 404
    assert (await zoomed.client.put(path, headers=bob, json={"topic": "x"})).status_code == 404
    assert (await zoomed.client.delete(path, headers=bob)).status_code == 404
    assert (await zoomed.client.get("/api/meetings", headers=bob)).json()["meetings"] == []
    assert (await zoomed.client.get(path, headers=alice)).json()["topic"] == "Design review"
    assert (await zoomed.client.get(path)).status_code == 401


async def test_bad_input_is_422_and_changes_nothing(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    for body in ({"duration": -5}, {"type": 7}, {"colour": "red"}, {"topic": ""}):
        answer = await zoomed.client.post("/api/meetings", headers=alice, json=body)
        assert answer.status_code == 422, body
        assert set(answer.json()) == ERROR_KEYS
    assert (await zoomed.client.get("/api/meetings/abc", headers=alice)).status_code == 422
    missing = await zoomed.client.get("/api/meetings/123456", headers=alice)
    assert missing.status_code == 404
    assert (await zoomed.client.get("/api/meetings", headers=alice)).json()["total_records"] == 0


async def test_refresh_reads_zoom_again(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    made = await zoomed.meeting(alice)
    changed = await zoomed.zoom.patch(f"/v2/meetings/{made['id']}", json={"topic": "Renamed"})
    assert changed.status_code == 204
    path = f"/api/meetings/{made['id']}"
    assert (await zoomed.client.get(path, headers=alice)).json()["topic"] == "Design review"
    fresh = await zoomed.client.get(path, headers=alice, params={"refresh": "true"})
    assert fresh.json()["topic"] == "Renamed"
    assert (await zoomed.client.get(path, headers=alice)).json()["topic"] == "Renamed"


@pytest.mark.parametrize(
    "zoomed_settings_extra", [{"zoom_account_id": "", "zoom_client_id": ""}], indirect=True
)
async def test_without_any_zoom_connection_it_says_how_to_connect(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    answer = await zoomed.client.post("/api/meetings", headers=alice, json={"topic": "x"})
    assert answer.status_code == 409 and "/api/auth/zoom/start" in answer.json()["message"]
    status = (await zoomed.client.get("/auth/zoom/status", headers=alice)).json()
    assert status == {**status, "connected": False, "mode": "none", "server_to_server": False}


async def test_zoom_refusals_become_hub_errors(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    made = await zoomed.meeting(alice)
    await zoomed.zoom.delete(f"/v2/meetings/{made['id']}")  # gone in Zoom behind the hub's back
    answer = await zoomed.client.put(f"/api/meetings/{made['id']}", headers=alice, json={})
    assert answer.status_code == 404 and answer.json()["message"].startswith("Zoom:")
    assert answer.json()["details"]["zoom_code"] == 3001
    # Zoom no longer honours the user's tokens: reconnecting is the way out.
    zoomed.emulator.settings.auth_mode = AuthMode.strict
    for token in await zoomed.tokens("alice@example.com"):
        assert token is not None and await zoomed.emulator.tokens.revoke(token)
    refused = await zoomed.client.post("/api/meetings", headers=alice, json={"topic": "x"})
    assert refused.status_code == 409 and "connect Zoom again" in refused.json()["message"]
