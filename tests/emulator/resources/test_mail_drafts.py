"""Mail drafts: kept in their owner's mailbox, changed, listed, and delivered when sent."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from zoomstack.emulator.resources.mail import compose

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
DRAFTS = "/v2/emails/mailboxes/{box}/drafts"
OWNER = "owner@zoomstack.example"


async def ada(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    info = {"email": "ada@example.com", "type": 1, "first_name": "Ada", "last_name": "L"}
    response = await client.post(
        "/v2/users", headers=auth, json={"action": "custCreate", "user_info": info}
    )
    assert response.status_code == 201, response.text


async def draft(client: httpx.AsyncClient, auth: dict[str, str], raw: str) -> dict[str, Any]:
    response = await client.post(
        DRAFTS.format(box="me"), headers=auth, json={"message": {"raw": raw}}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def inbox(
    client: httpx.AsyncClient, auth: dict[str, str], box: str, label: str
) -> list[dict[str, Any]]:
    response = await client.get(
        f"/v2/emails/mailboxes/{box}/messages", headers=auth, params={"labelIds": label}
    )
    assert response.status_code == 200, response.text
    messages: list[dict[str, Any]] = response.json()["messages"]
    return messages


async def test_a_sent_draft_reaches_the_recipients_inbox_and_is_gone(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await ada(client, auth)
    made = await draft(client, auth, compose(OWNER, ["ada@example.com"], "Plan", "Draft one."))
    assert made["message"]["labelIds"] == ["DRAFT"]
    sent = await client.post(
        DRAFTS.format(box="me") + "/send", headers=auth, json={"id": made["id"]}
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["labelIds"] == ["SENT"]
    received = await inbox(client, auth, "ada@example.com", "INBOX")
    assert len(received) == 1
    message = await client.get(
        f"/v2/emails/mailboxes/ada@example.com/messages/{received[0]['id']}", headers=auth
    )
    assert message.json()["snippet"] == "Draft one."
    assert [m["id"] for m in await inbox(client, auth, "me", "SENT")] == [sent.json()["id"]]
    gone = await client.get(f"{DRAFTS.format(box='me')}/{made['id']}", headers=auth)
    assert (gone.status_code, gone.json()["code"]) == (404, 404)


async def test_drafts_change_list_and_delete(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    first = await draft(client, auth, compose(OWNER, ["a@example.com"], "One", "first"))
    second = await draft(client, auth, compose(OWNER, ["b@example.com"], "Two", "second"))
    changed = await client.put(
        f"{DRAFTS.format(box='me')}/{first['id']}", headers=auth,
        json={"message": {"raw": compose(OWNER, ["a@example.com"], "One", "rewritten")}},
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    got = (await client.get(f"{DRAFTS.format(box='me')}/{first['id']}", headers=auth)).json()
    assert got["message"]["snippet"] == "rewritten"
    raw = (
        await client.get(
            f"{DRAFTS.format(box='me')}/{first['id']}", headers=auth, params={"format": "raw"}
        )
    ).json()
    assert raw["message"]["raw"]
    listed = (await client.get(DRAFTS.format(box=OWNER), headers=auth)).json()
    assert [d["id"] for d in listed["drafts"]] == [first["id"], second["id"]]  # last changed first
    assert listed["resultSizeEstimate"] == 2
    assert (
        await client.delete(f"{DRAFTS.format(box='me')}/{second['id']}", headers=auth)
    ).status_code == 204
    assert [
        d["id"] for d in (await client.get(DRAFTS.format(box="me"), headers=auth)).json()["drafts"]
    ] == [first["id"]]


async def test_drafts_belong_to_their_mailbox(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await ada(client, auth)
    mine = await draft(client, auth, compose(OWNER, ["x@example.com"], "Mine", "private"))
    theirs = await client.get(f"{DRAFTS.format(box='ada@example.com')}/{mine['id']}", headers=auth)
    assert theirs.status_code == 404
    assert (await client.get(DRAFTS.format(box="ada@example.com"), headers=auth)).json()[
        "drafts"
    ] == []


async def test_a_draft_without_recipients_cannot_be_sent(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    made = await draft(client, auth, compose(OWNER, [], "Nobody", "to no one"))
    refused = await client.post(
        DRAFTS.format(box="me") + "/send", headers=auth, json={"id": made["id"]}
    )
    assert (refused.status_code, refused.json()["code"]) == (400, 300)
    missing = await client.post(DRAFTS.format(box="me") + "/send", headers=auth, json={})
    assert missing.json()["errors"] == [{"field": "id", "message": "Invalid field."}]
    bad = await client.post(DRAFTS.format(box="me"), headers=auth, json={"message": {"raw": 5}})
    assert bad.status_code == 400
