"""What real clients send to users and meetings routes, and must keep working
(DESIGN.md, "Real clients' habits")."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

MEETING = {"topic": "Habits", "type": 2, "start_time": "2030-06-01T08:00:00Z", "duration": 30}


async def create_meeting(client: httpx.AsyncClient, auth: dict[str, str], **extra: Any) -> Any:
    response = await client.post("/v2/users/me/meetings", headers=auth, json={**MEETING, **extra})
    assert response.status_code == 201, response.text
    return response.json()


async def create_user(client: httpx.AsyncClient, auth: dict[str, str], email: str) -> Any:
    body = {"action": "custCreate", "user_info": {"email": email, "type": 1, "first_name": "Lin"}}
    response = await client.post("/v2/users", headers=auth, json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize(
    "path",
    ["/v2/users/", "/v2/users?", "/v2/users?page_size=5&", "/v2/users/?status=active&&"],
)
async def test_trailing_slash_and_ampersand_on_lists(
    client: httpx.AsyncClient, auth: dict[str, str], path: str
) -> None:
    response = await client.get(path, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json()["users"]


async def test_trailing_slash_on_create_and_get(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post("/v2/users/me/meetings/", headers=auth, json=MEETING)
    assert response.status_code == 201, response.text
    meeting_id = response.json()["id"]
    got = await client.get(f"/v2/meetings/{meeting_id}/?", headers=auth)
    assert got.json()["topic"] == "Habits"


async def test_echoed_ids_in_query_are_ignored(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await create_meeting(client, auth)
    path = f"/v2/meetings/{meeting['id']}"
    got = await client.get(path, headers=auth, params={"id": meeting["id"], "user_id": "me"})
    assert got.status_code == 200 and got.json()["id"] == meeting["id"]
    listed = await client.get("/v2/users/me/meetings", headers=auth, params={"user_id": "me"})
    assert meeting["id"] in [m["id"] for m in listed.json()["meetings"]]
    gone = await client.delete(path, headers=auth, params={"id": meeting["id"]})
    assert gone.status_code == 204


async def test_echoed_ids_in_bodies_change_nothing_else(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await create_meeting(client, auth, user_id="me", id=1, uuid="forged")
    assert meeting["id"] != 1 and meeting["uuid"] != "forged"
    path = f"/v2/meetings/{meeting['id']}"
    patch = {"id": 42, "uuid": "other", "host_id": "someone", "topic": "Patched"}
    assert (await client.patch(path, headers=auth, json=patch)).status_code == 204
    got = (await client.get(path, headers=auth)).json()
    assert (got["id"], got["uuid"], got["topic"]) == (meeting["id"], meeting["uuid"], "Patched")
    assert got["host_id"] == meeting["host_id"]
    user = await create_user(client, auth, "echo@example.com")
    body = {"id": "forged", "user_id": user["id"], "last_name": "Echo"}
    response = await client.patch(f"/v2/users/{user['id']}", headers=auth, json=body)
    assert response.status_code == 204
    got = (await client.get(f"/v2/users/{user['id']}", headers=auth)).json()
    assert (got["id"], got["last_name"]) == (user["id"], "Echo")


async def test_paging_params_on_single_object_gets(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await create_meeting(client, auth)
    paging = {"page_size": "1000", "page_number": "1"}
    for path in ("/v2/users/me", "/v2/users/me/settings", f"/v2/meetings/{meeting['id']}"):
        response = await client.get(path, headers=auth, params=paging)
        assert response.status_code == 200, (path, response.text)
    listed = await client.get("/v2/users/me/meetings", headers=auth, params=paging)
    assert listed.status_code == 200
    assert listed.json()["page_size"] == 300  # clamped, never refused


async def test_nulls_in_create_bodies_take_defaults(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    nulls = {"agenda": None, "password": None, "timezone": None, "recurrence": None}
    settings = {"host_video": None, "waiting_room": True, "breakout_room": None}
    meeting = await create_meeting(client, auth, settings=settings, tracking_fields=None, **nulls)
    assert meeting["agenda"] == "" and meeting["password"]
    assert meeting["settings"]["host_video"] is False
    assert meeting["settings"]["waiting_room"] is True
    assert meeting["settings"]["breakout_room"]["enable"] is False
    info = {"email": "nulls@example.com", "type": None, "first_name": None, "last_name": None}
    response = await client.post(
        "/v2/users", headers=auth, json={"action": "create", "user_info": info}
    )
    assert response.status_code == 201, response.text
    assert (response.json()["type"], response.json()["first_name"]) == (2, "")


async def test_nulls_in_settings_patches_leave_values(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await create_meeting(client, auth, settings={"mute_upon_entry": True})
    path = f"/v2/meetings/{meeting['id']}"
    patch = {"topic": None, "settings": {"mute_upon_entry": None, "jbh_time": None}}
    assert (await client.patch(path, headers=auth, json=patch)).status_code == 204
    got = (await client.get(path, headers=auth)).json()
    assert got["topic"] == "Habits"
    assert got["settings"]["mute_upon_entry"] is True


async def _chunks(payload: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(payload), 7):
        yield payload[start : start + 7]


async def test_chunked_body_without_content_length(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    payload = b'{"topic": "Chunked", "type": 2, "duration": 20}'
    headers = {**auth, "Content-Type": "application/json"}
    request = client.build_request(
        "POST", "/v2/users/me/meetings", headers=headers, content=_chunks(payload)
    )
    assert "content-length" not in request.headers
    assert request.headers["transfer-encoding"] == "chunked"
    response = await client.send(request)
    assert response.status_code == 201, response.text
    assert (response.json()["topic"], response.json()["duration"]) == ("Chunked", 20)


@pytest.mark.parametrize(
    "key", ["Mixed.Case@Example.com", "mixed.case@example.com", "mixed.case%40example.com"]
)
async def test_user_fetched_by_email(
    client: httpx.AsyncClient, auth: dict[str, str], key: str
) -> None:
    user = await create_user(client, auth, "Mixed.Case@Example.com")
    response = await client.get(f"/v2/users/{key}", headers=auth)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == user["id"]
    meetings = await client.get(f"/v2/users/{key}/meetings", headers=auth)
    assert meetings.status_code == 200


async def test_me_under_a_server_to_server_token_is_the_owner(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    me = (await client.get("/v2/users/me", headers=auth)).json()
    assert me["role_id"] == "0"  # the account owner
    created = await create_meeting(client, auth)
    assert created["host_id"] == me["id"]
    listed = (await client.get(f"/v2/users/{me['id']}/meetings", headers=auth)).json()
    assert created["id"] in [m["id"] for m in listed["meetings"]]


async def test_nulls_in_user_patch_change_nothing(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    user = await create_user(client, auth, "patchy@example.com")
    path = f"/v2/users/{user['id']}"
    patch = {"type": None, "first_name": None, "dept": "Ops", "custom_attributes": None}
    response = await client.patch(path, headers=auth, json=patch)
    assert response.status_code == 204, response.text
    got = (await client.get(path, headers=auth)).json()
    assert (got["type"], got["first_name"], got["dept"]) == (1, "Lin", "Ops")


async def test_every_listed_meeting_can_be_fetched(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    """Connectors walk every meeting of every user and fail the run on one 404."""
    user = await create_user(client, auth, "walker@example.com")
    await create_meeting(client, auth)
    recurring = {"type": 8, "recurrence": {"type": 1, "repeat_interval": 1, "end_times": 2}}
    await client.post(
        f"/v2/users/{user['id']}/meetings", headers=auth, json={**MEETING, **recurring}
    )
    held = await create_meeting(client, auth, topic="Held")
    simulated = await client.post(f"/_emulator/meetings/{held['id']}/simulate", json={})
    assert simulated.status_code == 201
    users = (await client.get("/v2/users", headers=auth, params={"page_size": 300})).json()
    seen = 0
    for listed_user in users["users"]:
        for kind in ("scheduled", "upcoming", "previous_meetings"):
            path = f"/v2/users/{listed_user['id']}/meetings"
            page = await client.get(path, headers=auth, params={"type": kind, "page_size": 300})
            for meeting in page.json()["meetings"]:
                got = await client.get(f"/v2/meetings/{meeting['id']}", headers=auth)
                assert got.status_code == 200, (kind, meeting)
                seen += 1
    assert seen >= 3
