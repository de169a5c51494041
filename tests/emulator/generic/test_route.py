"""Which route answers what: hand-written routes win, the spec-driven route takes the
rest of Zoom's operations, and nothing else; bodies are checked; accounts are apart."""

from __future__ import annotations

import httpx
import pytest

from zoomstack.emulator.accounts import create_account
from zoomstack.emulator.app import create_app
from zoomstack.emulator.generic import owned_operations
from zoomstack.emulator.state import Emulator

OTHER = {"account_id": "acct-other", "client_id": "other-client", "client_secret": "other-secret"}
MEETING = {"topic": "Route", "type": 2, "start_time": "2030-03-04T10:00:00Z", "duration": 30}


async def other_account(client: httpx.AsyncClient, emulator: Emulator) -> dict[str, str]:
    await create_account(emulator, name="Other", owner_email="owner@other.example", **OTHER)
    response = await client.post(
        "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": OTHER["account_id"]},
        auth=(OTHER["client_id"], OTHER["client_secret"]),
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_hand_written_operations_are_found_from_the_routes() -> None:
    owned = owned_operations(create_app().routes)
    assert {
        "GET /users/{userId}",
        "POST /users/{userId}/meetings",
        "GET /meetings/{meetingId}",
    } <= owned
    assert "GET /meetings/{meetingId}/livestream" not in owned


async def test_catch_all_meeting_routes_leave_sub_resources_to_the_spec(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    """`/v2/meetings/{meeting_id:path}` would take /meetings/{id}/livestream as a meeting
    id; the spec-driven route answers it, for a meeting that exists."""
    meeting = (await client.post("/v2/users/me/meetings", headers=auth, json=MEETING)).json()
    live = await client.get(f"/v2/meetings/{meeting['id']}/livestream", headers=auth)
    assert live.status_code == 200, live.text
    assert set(live.json()) >= {"stream_url", "stream_key", "page_url"}
    hand_written = await client.get(f"/v2/meetings/{meeting['id']}", headers=auth)
    assert hand_written.json()["topic"] == "Route"
    missing = await client.get("/v2/meetings/123/livestream", headers=auth)
    assert (missing.status_code, missing.json()["code"]) == (404, 3001)


async def test_paths_no_spec_documents_still_get_the_apps_404(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.get("/v2/nowhere/at/all", headers=auth)
    assert response.status_code == 404
    assert response.json() == {"code": 404, "message": "This API endpoint is not recognized."}


async def test_a_documented_path_with_another_method_is_405(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.put("/v2/tracking_fields", headers=auth, json={})
    assert response.status_code == 405
    assert response.json() == {"code": 405, "message": "Method PUT is not allowed here."}


async def test_spec_routes_need_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/v2/tracking_fields")
    assert (response.status_code, response.json()["code"]) == (401, 124)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"field": "Dept", "required": "yes"}, ["required"]),  # wrong type
        ({"field": "Dept", "recommended_values": "a"}, ["recommended_values"]),
    ],
)
async def test_bodies_the_schema_refuses_get_validation_failed(
    client: httpx.AsyncClient, auth: dict[str, str], body: dict[str, object], fields: list[str]
) -> None:
    response = await client.post("/v2/tracking_fields", headers=auth, json=body)
    assert response.status_code == 400
    assert response.json() == {
        "code": 300,
        "message": "Validation Failed.",
        "errors": [{"field": name, "message": "Invalid field."} for name in fields],
    }
    assert (await client.get("/v2/tracking_fields", headers=auth)).json()["total_records"] == 0


async def test_required_fields_are_checked_on_create(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post("/v2/rooms", headers=auth, json={"name": "No type"})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "type", "message": "Invalid field."}]


async def test_malformed_json_is_a_clear_400(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post("/v2/tracking_fields", headers=auth, content=b"{nope")
    assert response.status_code == 400
    assert response.json()["code"] == 300


async def test_accounts_do_not_see_each_others_records(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    other = await other_account(client, emulator)
    mine = (await client.post("/v2/tracking_fields", headers=auth, json={"field": "Mine"})).json()
    theirs = await client.post("/v2/tracking_fields", headers=other, json={"field": "Theirs"})
    assert theirs.status_code == 201

    assert (await client.get(f"/v2/tracking_fields/{mine['id']}", headers=other)).status_code == 404
    assert (
        await client.patch(f"/v2/tracking_fields/{mine['id']}", headers=other, json={"field": "x"})
    ).status_code == 404
    assert (
        await client.delete(f"/v2/tracking_fields/{mine['id']}", headers=other)
    ).status_code == 404
    listed = (await client.get("/v2/tracking_fields", headers=other)).json()
    assert [f["field"] for f in listed["tracking_fields"]] == ["Theirs"]
    still = await client.get(f"/v2/tracking_fields/{mine['id']}", headers=auth)
    assert still.json()["field"] == "Mine"


async def test_accounts_do_not_share_singletons(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    other = await other_account(client, emulator)
    change = {"zoom_rooms": {"auto_start_scheduled_meeting": False}}
    await client.patch("/v2/rooms/account_settings", headers=auth, json=change)
    theirs = (await client.get("/v2/rooms/account_settings", headers=other)).json()
    assert theirs.get("zoom_rooms", {}).get("auto_start_scheduled_meeting") is not False


async def test_another_accounts_user_is_not_found(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    other = await other_account(client, emulator)
    me = (await client.get("/v2/users/me", headers=auth)).json()
    response = await client.get(f"/v2/phone/users/{me['id']}", headers=other)
    assert (response.status_code, response.json()["code"]) == (404, 1001)
