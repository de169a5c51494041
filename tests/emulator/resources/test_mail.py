from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from zoomstack.emulator.resources.mail import compose

OWNER = "owner@zoomstack.example"
BOX = "/v2/emails/mailboxes"


async def _user(client: httpx.AsyncClient, auth: dict[str, str], email: str) -> str:
    body = {"action": "custCreate", "user_info": {"email": email, "type": 1}}
    response = await client.post("/v2/users", headers=auth, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _send(
    client: httpx.AsyncClient, auth: dict[str, str], raw: str, mailbox: str = "me"
) -> dict[str, Any]:
    response = await client.post(f"{BOX}/{mailbox}/messages/send", headers=auth, json={"raw": raw})
    assert response.status_code == 200, response.text
    sent: dict[str, Any] = response.json()
    return sent


async def _ids(
    client: httpx.AsyncClient, auth: dict[str, str], mailbox: str, label: str
) -> list[str]:
    response = await client.get(
        f"{BOX}/{mailbox}/messages", headers=auth, params={"labelIds": label}
    )
    return [m["id"] for m in response.json()["messages"]]


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_sending_files_a_copy_in_each_account_recipients_inbox(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await _user(client, auth, "ann@example.com")
    await _user(client, auth, "bo@example.com")
    raw = compose(OWNER, ["ann@example.com", "stranger@else.example"], "Agenda", "Hi Ann,\nsee you.", cc=["bo@example.com"])  # fmt: skip
    sent = await _send(client, auth, raw)
    assert sent["labelIds"] == ["SENT"]
    assert await _ids(client, auth, "me", "SENT") == [sent["id"]]
    for mailbox in ("ann@example.com", "bo@example.com"):
        inbox = await _ids(client, auth, mailbox, "INBOX")
        assert len(inbox) == 1
        got = (await client.get(f"{BOX}/{mailbox}/messages/{inbox[0]}", headers=auth)).json()
        assert got["threadId"] == sent["threadId"] and got["labelIds"] == ["INBOX", "UNREAD"]
        headers = {h["name"]: h["value"] for h in got["payload"]["headers"]}
        assert headers["Subject"] == "Agenda" and headers["From"] == OWNER
        text = base64.urlsafe_b64decode(got["payload"]["body"]["data"] + "==").decode()
        assert text.startswith("Hi Ann,") and got["snippet"] == "Hi Ann, see you."
    assert await _ids(client, auth, "ann@example.com", "UNREAD") != []
    assert await _ids(client, auth, "me", "INBOX") == []


async def test_formats_and_deletes(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    sent = await _send(client, auth, compose(OWNER, ["x@else.example"], "Note", "Body"))
    path = f"{BOX}/me/messages/{sent['id']}"
    raw = (await client.get(path, headers=auth, params={"format": "raw"})).json()
    assert "payload" not in raw and b"Subject: Note" in base64.urlsafe_b64decode(raw["raw"] + "==")
    minimal = (await client.get(path, headers=auth, params={"format": "minimal"})).json()
    assert "payload" not in minimal and "raw" not in minimal
    bad = await client.get(path, headers=auth, params={"format": "pdf"})
    assert bad.status_code == 400
    assert (await client.delete(path, headers=auth)).status_code == 204
    gone = await client.get(path, headers=auth)
    assert gone.json() == {"code": 404, "message": f"Message does not exist: {sent['id']}."}


async def test_lists_are_newest_first_and_page(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    sent = []
    for n in range(3):
        sent.append((await _send(client, auth, compose(OWNER, ["x@else.example"], f"N{n}", "b")))["id"])  # fmt: skip
        await client.post("/_emulator/clock", json={"advance_seconds": 60})
    first = (
        await client.get(f"{BOX}/me/messages", headers=auth, params={"maxResults": "2"})
    ).json()
    assert [m["id"] for m in first["messages"]] == [sent[2], sent[1]]
    assert first["resultSizeEstimate"] == 3
    rest = await client.get(f"{BOX}/me/messages", headers=auth, params={"pageToken": first["nextPageToken"]})  # fmt: skip
    assert [m["id"] for m in rest.json()["messages"]] == [sent[0]]


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "raw"), ({"raw": "%%%"}, "raw"), ({"raw": compose(OWNER, [], "s", "b")}, "raw"), ({"raw": 5}, "raw")],
)  # fmt: skip
async def test_bad_sends_are_400s(
    client: httpx.AsyncClient, auth: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = await client.post(f"{BOX}/me/messages/send", headers=auth, json=body)
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_an_unknown_mailbox_is_1001(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    response = await client.get(f"{BOX}/nobody@example.com/messages", headers=auth)
    assert response.status_code == 404 and response.json()["code"] == 1001
