"""Team Chat messages: one history per conversation, newest first, paged, threaded."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.resources.test_chat_channels import channel, user

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
MESSAGES = "/v2/chat/users/{who}/messages"


async def send(
    client: httpx.AsyncClient, auth: dict[str, str], text: str, who: str = "me", **to: Any
) -> str:
    response = await client.post(
        MESSAGES.format(who=who), headers=auth, json={"message": text, **to}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def history(
    client: httpx.AsyncClient, auth: dict[str, str], who: str = "me", **params: Any
) -> dict[str, Any]:
    response = await client.get(MESSAGES.format(who=who), headers=auth, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_channel_messages_list_newest_first_in_pages(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    room = (await channel(client, auth))["id"]
    for n in range(5):
        await send(client, auth, f"m{n}", to_channel=room)
    seen: list[str] = []
    token = ""
    while True:
        page = await history(client, auth, to_channel=room, page_size=2, next_page_token=token)
        assert len(page["messages"]) <= 2
        seen += [m["message"] for m in page["messages"]]
        token = page["next_page_token"]
        if not token:
            break
    assert seen == ["m4", "m3", "m2", "m1", "m0"]
    assert page["date"]


async def test_both_sides_of_a_direct_chat_read_the_same_history(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    ada = await user(client, auth, "ada@example.com")
    me = (await client.get("/v2/users/me", headers=auth)).json()
    await send(client, auth, "hi ada", to_contact="ada@example.com")
    await send(client, auth, "hi back", who=ada, to_contact=me["email"])
    mine = await history(client, auth, to_contact=ada)
    hers = await history(client, auth, who=ada, to_contact=me["id"])
    assert [m["message"] for m in mine["messages"]] == ["hi back", "hi ada"]
    assert mine["messages"] == hers["messages"]
    assert mine["messages"][1]["sender"] == me["email"]


async def test_read_edit_delete_by_the_sender_only(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    ada = await user(client, auth, "ada@example.com")
    room = (await channel(client, auth, members=[{"email": "ada@example.com"}]))["id"]
    sent = await send(client, auth, "draft", to_channel=room)
    item = f"{MESSAGES.format(who='me')}/{sent}"
    edited = await client.put(item, headers=auth, json={"message": "final", "to_channel": room})
    assert edited.status_code == 204
    got = await client.get(item, headers=auth, params={"to_channel": room})
    assert got.json()["message"] == "final"
    theirs = await client.delete(
        f"{MESSAGES.format(who=ada)}/{sent}", headers=auth, params={"to_channel": room}
    )
    assert (theirs.status_code, theirs.json()["code"]) == (400, 200)
    assert (await client.delete(item, headers=auth, params={"to_channel": room})).status_code == 204
    gone = await client.get(item, headers=auth, params={"to_channel": room})
    assert (gone.status_code, gone.json()["code"]) == (400, 300)


async def test_replies_stay_in_their_thread(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    room = (await channel(client, auth))["id"]
    main = await send(client, auth, "question", to_channel=room)
    await send(client, auth, "answer", to_channel=room, reply_main_message_id=main)
    everything = await history(client, auth, to_channel=room)
    assert [m["message"] for m in everything["messages"]] == ["answer", "question"]
    assert everything["messages"][0]["reply_main_message_id"] == main
    mains = await history(client, auth, to_channel=room, exclude_child_message="true")
    assert [m["message"] for m in mains["messages"]] == ["question"]


async def test_a_day_or_a_span_bounds_the_history(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    room = (await channel(client, auth))["id"]
    await send(client, auth, "today", to_channel=room)
    assert (await history(client, auth, to_channel=room, date="2001-01-01"))["messages"] == []
    span = await history(client, auth, to_channel=room, **{"from": "2001-01-01T00:00:00Z"})
    assert [m["message"] for m in span["messages"]] == ["today"]
    assert span["from"] == "2001-01-01T00:00:00Z"


async def test_where_a_message_goes_is_checked(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    nowhere = await client.post(MESSAGES.format(who="me"), headers=auth, json={"message": "x"})
    assert (nowhere.status_code, nowhere.json()["code"]) == (400, 300)
    both = {"message": "x", "to_channel": "a", "to_contact": "b@example.com"}
    assert (
        await client.post(MESSAGES.format(who="me"), headers=auth, json=both)
    ).status_code == 400
    channel_missing = await client.post(
        MESSAGES.format(who="me"), headers=auth, json={"message": "x", "to_channel": "nope"}
    )
    assert (channel_missing.status_code, channel_missing.json()["code"]) == (404, 4130)
    contact_missing = await client.get(
        MESSAGES.format(who="me"), headers=auth, params={"to_contact": "who@nowhere.example"}
    )
    assert (contact_missing.status_code, contact_missing.json()["code"]) == (404, 1001)
    empty = await client.post(MESSAGES.format(who="me"), headers=auth, json={"to_channel": "a"})
    assert empty.json()["errors"] == [{"field": "message", "message": "Invalid field."}]
