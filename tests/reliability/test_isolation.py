"""No token reaches another account's or another user's data, route family by route family.

Each sweep fills one owner with data in every family, then walks every operation of
the app's own OpenAPI document as someone else: every path naming the owner's things
must be refused, every list must hold none of them, and the owner's things must still
be there afterwards. Operations added later are swept too, as long as the document
lists them; an id the sweep does not know how to fill fails the test, so it grows with
the apps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BASE
from tests.hub.recordings.media import mp4
from tests.hub.zoomed import Zoomed
from zoomstack.config import AuthMode, EmulatorSettings
from zoomstack.emulator.accounts import create_account
from zoomstack.emulator.resources.mail import compose
from zoomstack.emulator.state import Emulator

WRITES = ("post", "put", "patch")
PARAM = re.compile(r"\{([^}]+)\}")


@dataclass
class Owned:
    """The owner's things: path parameter values by name, and every id to look for."""

    params: dict[str, str]
    ids: set[str] = field(default_factory=set)

    def fill(self, path: str) -> str:
        names = PARAM.findall(path)
        missing = [name for name in names if name not in self.params]
        assert not missing, f"the sweep cannot fill {missing} of {path}: add them to Owned"
        return PARAM.sub(lambda m: self.params[m.group(1)], path)

    def leaked(self, body: str, asked: str = "") -> list[str]:
        """The owner's ids in an answer, but for those the request named itself (an
        error may echo them: "No meeting 123.")."""
        return sorted(value for value in self.ids if value in body and value not in asked)


def operations(document: dict[str, Any], skip: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        (method, path)
        for path, item in sorted(document["paths"].items())
        if not path.startswith(skip)
        for method in item
    ]


async def sweep(
    client: httpx.AsyncClient, owned: Owned, ops: list[tuple[str, str]], headers: dict[str, str]
) -> int:
    """Every operation as the intruder; how many named the owner's things."""
    named = 0
    for method, path in ops:
        body = {} if method in WRITES else None
        url = owned.fill(path)
        answer = await client.request(method, url, json=body, headers=headers)
        if url != path:
            named += 1
            assert answer.status_code >= 400, (method, path, answer.status_code, answer.text[:300])
        assert not owned.leaked(answer.text, url), (method, path, owned.leaked(answer.text, url))
    return named


# -- the emulator: account against account -----------------------------------------------------


@pytest.fixture
def emulator_settings(store_url: str, tmp_path: Path) -> EmulatorSettings:
    return EmulatorSettings(
        db=store_url, data_dir=tmp_path, public_url=BASE, auth_mode=AuthMode.strict
    )


async def post(client: httpx.AsyncClient, path: str, auth: dict[str, str], body: Any) -> Any:
    answer = await client.post(path, json=body, headers=auth)
    assert answer.is_success, (path, answer.text)
    return answer.json()


async def fill_account(
    client: httpx.AsyncClient, emulator: Emulator, auth: dict[str, str]
) -> Owned:
    """A meeting that happened, a webinar, a channel and a message, a group, a calendar
    event, a mail draft and a QSS rating, all in the default account."""
    owner = (await client.get("/v2/users/me", headers=auth)).json()
    meeting = await post(client, "/v2/users/me/meetings", auth, {"topic": "Secret plans"})
    held = await post(client, f"/_emulator/meetings/{meeting['id']}/simulate", auth, {"participants": 2, "duration": 1, "seed": 3})  # fmt: skip
    webinar = await post(
        client, "/v2/users/me/webinars", auth, {"topic": "Quiet webinar", "type": 5}
    )
    await post(client, f"/_emulator/webinars/{webinar['id']}/simulate", auth, {"participants": 2, "duration": 1})  # fmt: skip
    channel = await post(client, "/v2/chat/users/me/channels", auth, {"name": "inner-circle", "type": 1})  # fmt: skip
    message = await post(client, "/v2/chat/users/me/messages", auth, {"message": "hush", "to_channel": channel["id"]})  # fmt: skip
    group = await post(client, "/v2/groups", auth, {"name": "board"})
    await post(client, f"/v2/groups/{group['id']}/members", auth, {"members": [{"email": owner["email"]}]})  # fmt: skip
    event = await post(client, "/v2/calendars/primary/events", auth, {"summary": "Offsite", "start": {"dateTime": "2030-01-02T10:00:00Z"}, "end": {"dateTime": "2030-01-02T11:00:00Z"}})  # fmt: skip
    raw = compose(owner["email"], [owner["email"]], "Numbers", "Q3 is up.")
    draft = await post(client, "/v2/emails/mailboxes/me/drafts", auth, {"message": {"raw": raw}})
    await post(client, "/v2/emails/mailboxes/me/messages/send", auth, {"raw": raw})
    inbox = (await client.get("/v2/emails/mailboxes/me/messages", headers=auth)).json()
    rating = await post(client, "/v2/qss/feedback", auth, {"meeting_id": meeting["id"], "rating": 4})  # fmt: skip
    files = held["recording"]["recording_files"]
    params = {
        "userId": owner["id"], "user_id": owner["id"], "email": owner["email"],
        "calId": owner["email"], "identifier": owner["email"], "memberId": owner["id"],
        "account_id": emulator.account_id, "meetingId": str(meeting["id"]),
        "meeting_id": str(meeting["id"]), "id": str(meeting["id"]),
        "webinarId": str(webinar["id"]), "channelId": channel["id"], "groupId": group["id"],
        "eventId": event["id"], "event_id": event["id"], "draftId": draft["id"], "feedback_id": rating["id"],
        "recordingId": files[0]["id"], "file_id": files[0]["id"], "path": files[0]["id"],
        "messageId": message["id"],
    }  # fmt: skip
    ids = {
        str(meeting["id"]), held["uuid"], str(webinar["id"]), channel["id"], message["id"],
        group["id"], event["id"], draft["id"], rating["id"], owner["id"], owner["email"],
        *(f["id"] for f in files), *(m["id"] for m in inbox.get("messages", [])),
    }  # fmt: skip
    return Owned(params, ids)


async def other_account(client: httpx.AsyncClient, emulator: Emulator) -> dict[str, str]:
    await create_account(
        emulator, account_id="zsOtherAccount000000001", name="other", owner_email="boss@other.example",
        client_id="other-client", client_secret="other-secret",
    )  # fmt: skip
    grant = {"grant_type": "account_credentials", "account_id": "zsOtherAccount000000001"}
    answer = await client.post("/oauth/token", params=grant, auth=("other-client", "other-secret"))
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_another_accounts_token_reaches_nothing_of_this_account(
    client: httpx.AsyncClient, emulator: Emulator, auth: dict[str, str]
) -> None:
    owned = await fill_account(client, emulator, auth)
    document = (await client.get("/openapi.json")).json()
    ops = operations(document, skip=("/_emulator", "/oauth", "/docs", "/openapi"))
    intruder = await other_account(client, emulator)
    # The messages-of-a-chat path names a message id the mail routes also take.
    named = await sweep(client, owned, ops, intruder)
    assert named >= 60, named
    for path in (f"/v2/meetings/{owned.params['meetingId']}", f"/v2/groups/{owned.params['groupId']}",
                 f"/v2/webinars/{owned.params['webinarId']}", f"/v2/chat/channels/{owned.params['channelId']}",
                 f"/v2/meetings/{owned.params['meetingId']}/recordings"):  # fmt: skip
        assert (await client.get(path, headers=auth)).status_code == 200, path


# -- the hub: user against user ----------------------------------------------------------------


async def fill_user(zoomed: Zoomed, headers: dict[str, str]) -> Owned:
    """A held meeting (with its files and insights), an upload, a calendar event and an
    imported feed, an API key, a sync run: all the user's."""
    hub = zoomed.client
    await zoomed.connect(headers)
    meeting, report = await zoomed.held(headers)
    upload = await hub.post(
        "/upload/recording", files={"file": ("board.mp4", mp4(800), "video/mp4")}, headers=headers
    )
    assert upload.status_code == 201, upload.text
    event = await hub.post("/api/calendar/events", headers=headers, json={
        "title": "Offsite", "start": "2030-01-02T10:00:00Z", "end": "2030-01-02T11:00:00Z"})  # fmt: skip
    assert event.status_code == 201, event.text
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u1@x\r\nDTSTART:20300103T100000Z\r\nDTEND:20300103T110000Z\r\nSUMMARY:Feed\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"  # fmt: skip
    feed = await hub.post("/api/calendar/import", headers=headers, files={"file": ("f.ics", ics, "text/calendar")})  # fmt: skip
    assert feed.is_success, feed.text
    key = (await hub.post("/auth/api-keys", json={"name": "k"}, headers=headers)).json()
    run = await hub.post("/sync", json={}, headers=headers)
    me = (await hub.get("/users/me", headers=headers)).json()
    recordings = (await hub.get("/recordings", headers=headers)).json()["recordings"]
    feeds = (await hub.get("/api/calendar/feeds", headers=headers)).json()
    params = {
        "recording_id": upload.json()["recording_id"], "meeting_id": str(meeting["id"]),
        "event_id": event.json()["id"], "feed_id": _first_id(feeds), "key_id": key["id"],
        "run_id": run.json().get("id", "no-run"), "user_id": me["id"],
    }  # fmt: skip
    ids = {str(meeting["id"]), report["uuid"], event.json()["id"], key["id"], me["id"], me["email"],
           *(r["recording_id"] for r in recordings)}  # fmt: skip
    return Owned(params, ids)


def _first_id(feeds: Any) -> str:
    items = feeds if isinstance(feeds, list) else feeds.get("feeds", [])
    return str(items[0]["id"]) if items else "no-feed"


async def test_another_hub_user_reaches_nothing_of_this_user(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    owned = await fill_user(zoomed, alice)
    bob = await zoomed.user("bob@example.com")
    document = (await zoomed.client.get("/openapi.json")).json()
    skip = ("/auth/register", "/auth/login", "/auth/token", "/auth/logout", "/webhooks", "/api/zoom/enhanced/webhooks")  # fmt: skip
    named = await sweep(zoomed.client, owned, operations(document, skip), bob)
    assert named >= 25, named
    read = await zoomed.client.get(f"/recordings/{owned.params['recording_id']}", headers=alice)
    assert read.status_code == 200, read.text
    assert (
        await zoomed.client.get(f"/api/meetings/{owned.params['meeting_id']}", headers=alice)
    ).status_code == 200
