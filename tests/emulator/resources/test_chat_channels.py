"""Team Chat channels: membership decides whose channel list shows a channel."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


async def user(client: httpx.AsyncClient, auth: dict[str, str], email: str) -> str:
    info = {"email": email, "type": 1, "first_name": "Ada", "last_name": "Lovelace"}
    response = await client.post(
        "/v2/users", headers=auth, json={"action": "custCreate", "user_info": info}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def channel(client: httpx.AsyncClient, auth: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post(
        "/v2/chat/users/me/channels", headers=auth, json={"name": "dev", "type": 1, **body}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def names(client: httpx.AsyncClient, auth: dict[str, str], path: str) -> list[str]:
    response = await client.get(path, headers=auth)
    assert response.status_code == 200, response.text
    return [c["name"] for c in response.json()["channels"]]


async def test_create_read_update_delete(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    made = await channel(client, auth, channel_settings={"posting_permissions": 2})
    assert len(made["id"]) == 32 and made["jid"].startswith(made["id"])
    for path in (f"/v2/chat/users/me/channels/{made['id']}", f"/v2/chat/channels/{made['id']}"):
        got = (await client.get(path, headers=auth)).json()
        assert (got["name"], got["channel_settings"]["posting_permissions"]) == ("dev", 2)
    patched = await client.patch(
        f"/v2/chat/channels/{made['id']}", headers=auth, json={"name": "ops"}
    )
    assert patched.status_code == 204
    assert await names(client, auth, "/v2/chat/users/me/channels") == ["ops"]
    assert (
        await client.delete(f"/v2/chat/users/me/channels/{made['id']}", headers=auth)
    ).status_code == 204
    gone = await client.get(f"/v2/chat/channels/{made['id']}", headers=auth)
    assert (gone.status_code, gone.json()["code"]) == (404, 4130)
    assert await names(client, auth, "/v2/chat/users/me/channels") == []


async def test_a_users_list_holds_the_channels_they_belong_to(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    ada = await user(client, auth, "ada@example.com")
    await channel(client, auth, name="with ada", members=[{"email": "ada@example.com"}])
    await channel(client, auth, name="without")
    assert await names(client, auth, f"/v2/chat/users/{ada}/channels") == ["with ada"]
    assert await names(client, auth, "/v2/chat/users/me/channels") == ["with ada", "without"]
    assert sorted(await names(client, auth, "/v2/chat/channels")) == ["with ada", "without"]


async def test_invite_list_and_remove_members(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    ada = await user(client, auth, "ada@example.com")
    made = await channel(client, auth)
    invited = await client.post(
        f"/v2/chat/users/me/channels/{made['id']}/members",
        headers=auth,
        json={"members": [{"email": "ada@example.com"}, {"email": "guest@elsewhere.example"}]},
    )
    assert invited.status_code == 201, invited.text
    assert invited.json()["ids"] == ada
    members = (await client.get(f"/v2/chat/channels/{made['id']}/members", headers=auth)).json()
    assert members["total_records"] == 3
    roles = {m["email"]: (m["role"], m["is_external"]) for m in members["members"]}
    assert roles["ada@example.com"] == ("member", False)
    assert roles["guest@elsewhere.example"] == ("member", True)
    assert [r for r, _ in roles.values()].count("owner") == 1
    removed = await client.delete(
        f"/v2/chat/users/me/channels/{made['id']}/members/{ada}", headers=auth
    )
    assert removed.status_code == 204
    assert await names(client, auth, f"/v2/chat/users/{ada}/channels") == []


async def test_join_and_leave(client: httpx.AsyncClient, auth: dict[str, str], token: str) -> None:
    made = await channel(client, auth)
    me = (await client.get("/v2/users/me", headers=auth)).json()
    assert (
        await client.delete(f"/v2/chat/channels/{made['id']}/members/me", headers=auth)
    ).status_code == 204
    assert await names(client, auth, "/v2/chat/users/me/channels") == []
    joined = await client.post(f"/v2/chat/channels/{made['id']}/members/me", headers=auth)
    assert (joined.status_code, joined.json()["id"]) == (201, me["id"])
    assert await names(client, auth, "/v2/chat/users/me/channels") == ["dev"]


async def test_channel_lists_page(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    for n in range(3):
        await channel(client, auth, name=f"c{n}")
    first = (
        await client.get("/v2/chat/users/me/channels", headers=auth, params={"page_size": 2})
    ).json()
    assert (len(first["channels"]), first["total_records"]) == (2, 3)
    rest = await client.get(
        "/v2/chat/users/me/channels",
        headers=auth,
        params={"next_page_token": first["next_page_token"]},
    )
    assert [c["name"] for c in rest.json()["channels"]] == ["c2"]


async def test_sub_resources_of_a_channel_need_the_channel(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    made = await channel(client, auth)
    assert (
        await client.get(f"/v2/chat/channels/{made['id']}/retention", headers=auth)
    ).status_code == 200
    missing = await client.get("/v2/chat/channels/nope/retention", headers=auth)
    assert (missing.status_code, missing.json()["code"]) == (404, 4130)


async def test_bad_bodies_are_refused(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    nameless = await client.post("/v2/chat/users/me/channels", headers=auth, json={"type": 1})
    assert (nameless.status_code, nameless.json()["errors"][0]["field"]) == (400, "name")
    typed = await client.post(
        "/v2/chat/users/me/channels", headers=auth, json={"name": "x", "type": 9}
    )
    assert typed.status_code == 400
