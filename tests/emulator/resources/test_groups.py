"""Groups: members are the account's users, counted, shown on the user, moved, released."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


async def user(client: httpx.AsyncClient, auth: dict[str, str], email: str) -> str:
    info = {"email": email, "type": 1, "first_name": email[:3], "last_name": "X"}
    response = await client.post(
        "/v2/users", headers=auth, json={"action": "custCreate", "user_info": info}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def group(client: httpx.AsyncClient, auth: dict[str, str], name: str) -> str:
    response = await client.post("/v2/groups", headers=auth, json={"name": name})
    assert response.status_code == 201, response.text
    assert response.json()["total_members"] == 0
    return str(response.json()["id"])


async def add(
    client: httpx.AsyncClient, auth: dict[str, str], group_id: str, *members: dict[str, str]
) -> Any:
    response = await client.post(
        f"/v2/groups/{group_id}/members", headers=auth, json={"members": list(members)}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def member_ids(client: httpx.AsyncClient, auth: dict[str, str], group_id: str) -> list[str]:
    body = (await client.get(f"/v2/groups/{group_id}/members", headers=auth)).json()
    return [m["id"] for m in body["members"]]


async def test_members_by_id_or_email_are_counted_and_shown_on_the_user(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    ada, bob = (
        await user(client, auth, "ada@example.com"),
        await user(client, auth, "bob@example.com"),
    )
    dev = await group(client, auth, "Developers")
    added = await add(
        client,
        auth,
        dev,
        {"id": ada},
        {"email": "bob@example.com"},
        {"email": "nobody@example.com"},
    )
    assert added["ids"] == f"{ada},{bob}"  # someone outside the account is left out
    assert (await client.get(f"/v2/groups/{dev}", headers=auth)).json()["total_members"] == 2
    listing = (await client.get(f"/v2/groups/{dev}/members", headers=auth)).json()
    assert [(m["email"], m["first_name"]) for m in listing["members"]] == [
        ("ada@example.com", "ada"),
        ("bob@example.com", "bob"),
    ]
    assert listing["total_records"] == 2
    assert (await client.get(f"/v2/users/{ada}", headers=auth)).json()["group_ids"] == [dev]
    assert [
        g["total_members"] for g in (await client.get("/v2/groups", headers=auth)).json()["groups"]
    ] == [2]


async def test_remove_move_and_delete(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    ada, bob = (
        await user(client, auth, "ada@example.com"),
        await user(client, auth, "bob@example.com"),
    )
    dev, ops = await group(client, auth, "Developers"), await group(client, auth, "Ops")
    await add(client, auth, dev, {"id": ada}, {"id": bob})
    assert (await client.delete(f"/v2/groups/{dev}/members/{bob}", headers=auth)).status_code == 204
    again = await client.delete(f"/v2/groups/{dev}/members/{bob}", headers=auth)
    assert (again.status_code, again.json()["code"]) == (404, 4131)
    moved = await client.patch(
        f"/v2/groups/{dev}/members/{ada}",
        headers=auth,
        json={"action": "move", "target_group_id": ops},
    )
    assert moved.status_code == 204, moved.text
    assert (await member_ids(client, auth, dev), await member_ids(client, auth, ops)) == ([], [ada])
    assert (await client.get(f"/v2/users/{ada}", headers=auth)).json()["group_ids"] == [ops]
    assert (await client.delete(f"/v2/groups/{ops}", headers=auth)).status_code == 204
    assert (await client.get(f"/v2/users/{ada}", headers=auth)).json()["group_ids"] == []
    gone = await client.get(f"/v2/groups/{ops}", headers=auth)
    assert (gone.status_code, gone.json()["code"]) == (404, 4130)


async def test_names_are_unique_in_an_account(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    dev = await group(client, auth, "Developers")
    ops = await group(client, auth, "Ops")
    taken = await client.post("/v2/groups", headers=auth, json={"name": "developers"})
    assert (taken.status_code, taken.json()["code"]) == (409, 4132)
    renamed = await client.patch(f"/v2/groups/{ops}", headers=auth, json={"name": "Developers"})
    assert renamed.status_code == 409
    assert (
        await client.patch(f"/v2/groups/{dev}", headers=auth, json={"name": "Engineering"})
    ).status_code == 204
    assert (await client.get(f"/v2/groups/{dev}", headers=auth)).json()["name"] == "Engineering"
    assert (
        await client.post("/v2/groups", headers=auth, json={"name": "Developers"})
    ).status_code == 201


async def test_group_sub_resources_need_the_group(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    dev = await group(client, auth, "Developers")
    assert (await client.get(f"/v2/groups/{dev}/lock_settings", headers=auth)).status_code == 200
    missing = await client.get("/v2/groups/nope/settings", headers=auth)
    assert missing.status_code == 404
    move = await client.patch(f"/v2/groups/{dev}/members/x", headers=auth, json={"action": "move"})
    assert move.status_code == 404
    empty = await client.post(f"/v2/groups/{dev}/members", headers=auth, json={"members": []})
    assert empty.status_code == 400
