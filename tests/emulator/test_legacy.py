"""The older mock's un-prefixed routes: same state and answers as /v2, its own error body."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BASE
from tests.emulator.simulated import encoded, happened
from zoomstack.config import AuthMode, EmulatorSettings
from zoomstack.emulator.app import create_app
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.store import open_store

OWNER = "owner@zoomstack.example"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _login(client: httpx.AsyncClient, **body: str) -> dict[str, Any]:
    response = await client.post("/auth/login", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def _user(client: httpx.AsyncClient, auth: dict[str, str], email: str) -> str:
    body = {"action": "custCreate", "user_info": {"email": email, "type": 2, "first_name": "Kim"}}
    response = await client.post("/users", headers=auth, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_a_user_signs_in_and_the_token_works_on_both_apis(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    kim = await _user(client, auth, "kim@example.com")
    session = await _login(client, username="Kim@Example.com", password="anything")
    assert (session["user_id"], session["user"]["email"]) == (kim, "kim@example.com")
    mine = _bearer(session["access_token"])
    assert (await client.get("/v2/users/me", headers=mine)).json()["id"] == kim
    created = await client.post("/users/me/meetings", headers=mine, json={"topic": "Legacy"})
    assert created.status_code == 201 and created.json()["host_id"] == kim
    listed = await client.get(f"/v2/users/{kim}/meetings", headers=auth)
    assert [m["id"] for m in listed.json()["meetings"]] == [created.json()["id"]]
    status = (await client.get("/auth/status", headers=mine)).json()
    assert status["authenticated"] is True and status["user_id"] == kim

    assert (await client.post("/auth/logout", headers=mine)).json() == {"status": "logged_out"}
    assert (await client.get("/auth/status", headers=mine)).json() == {"authenticated": False}
    again = await client.post("/auth/logout", headers=mine)
    assert again.status_code == 401
    assert again.json() == {
        "status": 401, "message": "Invalid access token.", "error_code": 124,
        "details": {"method": "POST", "path": "/auth/logout"},
    }  # fmt: skip


async def test_client_credentials_sign_in_as_the_account(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    settings = emulator.settings
    secret = settings.client_secret.get_secret_value()
    session = await _login(client, client_id=settings.client_id, client_secret=secret)
    assert session["user_id"] is None and session["account_id"] == settings.account_id
    me = await client.get("/users/me", headers=_bearer(session["access_token"]))
    assert me.json()["email"] == OWNER


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, 300),
        ({"username": "nobody@example.com", "password": "x"}, 401, 401),
        ({"username": OWNER, "password": ""}, 401, 401),
        ({"client_id": "zoomstack-demo-client"}, 401, 401),
    ],
)
async def test_bad_sign_ins_get_the_older_body(
    client: httpx.AsyncClient, body: dict[str, str], status: int, code: int
) -> None:
    response = await client.post("/auth/login", json=body)
    assert response.status_code == status
    answer = response.json()
    assert set(answer) == {"status", "message", "error_code", "details"}
    assert (answer["status"], answer["error_code"]) == (status, code)


@pytest.fixture
async def strict(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = EmulatorSettings(
        db=f"sqlite:///{tmp_path / 'strict.sqlite3'}", data_dir=tmp_path, public_url=BASE,
        auth_mode=AuthMode.strict,
    )  # fmt: skip
    emu = Emulator(settings=settings, store=await open_store(settings.database_url()))
    app = create_app(emulator=emu)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as http,
        ):
            yield http
    finally:
        await emu.store.close()


async def test_strict_mode_wants_the_accounts_secret(strict: httpx.AsyncClient) -> None:
    wrong = await strict.post("/auth/login", json={"username": OWNER, "password": "guess"})
    assert wrong.status_code == 401
    session = await _login(strict, username=OWNER, password="zoomstack-demo-secret")
    assert (
        await strict.get("/users/me", headers=_bearer(session["access_token"]))
    ).status_code == 200
    anonymous = await strict.get("/users/me", headers=_bearer("made-up"))
    assert anonymous.status_code == 401 and anonymous.json()["error_code"] == 124


async def test_meeting_routes_answer_as_v2_does(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, report = await happened(client, auth, participants=3, seed=5)
    pairs = [
        ("/users", "/v2/users"),
        (f"/meetings/{meeting['id']}", f"/v2/meetings/{meeting['id']}"),
        (f"/meetings/{encoded(report['uuid'])}/meeting_summary", f"/v2/meetings/{encoded(report['uuid'])}/meeting_summary"),
        (f"/recordings/{meeting['id']}", f"/v2/meetings/{meeting['id']}/recordings"),
        ("/users/me/recordings?from=2000-01-01&to=2100-01-01", "/v2/users/me/recordings?from=2000-01-01&to=2100-01-01"),
        (f"/qss/score/{meeting['id']}", f"/v2/qss/score/{meeting['id']}"),
    ]  # fmt: skip
    for old, new in pairs:
        legacy, current = await client.get(old, headers=auth), await client.get(new, headers=auth)
        assert legacy.status_code == 200, old
        assert legacy.json() == current.json(), old
    file = report["recording"]["recording_files"][0]
    short = await client.get(f"/rec/download/{file['id']}", headers=auth)
    longer = await client.get(f"/rec/download/{encoded(report['uuid'])}/{file['id']}", headers=auth)
    assert longer.status_code == 200 and longer.content == short.content
    assert (await client.patch(f"/meetings/{meeting['id']}", headers=auth, json={"topic": "Old API"})).status_code == 204  # fmt: skip
    assert (await client.get(f"/v2/meetings/{meeting['id']}", headers=auth)).json()["topic"] == "Old API"  # fmt: skip


async def test_errors_carry_status_message_code_and_details(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    missing = await client.get("/meetings/12345678901", headers=auth)
    assert missing.status_code == 404
    assert missing.json() == {
        "status": 404, "message": "Meeting does not exist: 12345678901.", "error_code": 3001,
        "details": {"method": "GET", "path": "/meetings/12345678901"},
    }  # fmt: skip
    bad = await client.post("/users/me/meetings", headers=auth, json={"type": 99})
    assert bad.status_code == 400
    assert bad.json()["details"]["errors"] == [{"field": "type", "message": "Invalid field."}]
    broken = await client.post("/users/me/meetings", headers=auth, content=b"{nope")
    assert broken.status_code == 400 and broken.json()["error_code"] == 300
    gone = await client.get("/rec/download/x/unknown-file", headers=auth)
    assert gone.status_code == 404 and gone.json()["error_code"] == 3301


async def test_calendar_events_are_the_callers_primary_calendar(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    event = {"summary": "1:1", "start": {"dateTime": "2030-01-02T10:00:00Z"}, "end": {"dateTime": "2030-01-02T10:30:00Z"}}  # fmt: skip
    created = await client.post("/calendar/events", headers=auth, json=event)
    assert created.status_code == 201
    event_id = created.json()["id"]
    v2 = await client.get(f"/v2/calendars/primary/events/{event_id}", headers=auth)
    assert v2.json()["summary"] == "1:1"
    replaced = await client.put("/calendar/events", headers=auth, json={**event, "id": event_id, "summary": "Moved"})  # fmt: skip
    assert replaced.status_code == 200 and replaced.json()["summary"] == "Moved"
    listed = await client.get("/calendar/events", headers=auth)
    assert [e["summary"] for e in listed.json()["items"]] == ["Moved"]
    by_path = await client.put(
        f"/calendar/events/{event_id}", headers=auth, json={"summary": "Only"}
    )
    assert by_path.status_code == 400 and by_path.json()["details"]["errors"][0]["field"] == "start"
    assert (await client.delete(f"/calendar/events/{event_id}", headers=auth)).status_code == 204
    assert (await client.get(f"/calendar/events/{event_id}", headers=auth)).json()["status"] == "cancelled"  # fmt: skip
    no_id = await client.put("/calendar/events", headers=auth, json=event)
    assert no_id.status_code == 400 and no_id.json()["details"]["errors"][0]["field"] == "id"


async def test_mail_reaches_the_recipients_inbox(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await _user(client, auth, "lee@example.com")
    sent = await client.post(
        "/mail/send",
        headers=auth,
        json={"to": "lee@example.com", "subject": "Hi", "body": "Lunch?"},
    )
    assert sent.status_code == 201, sent.text
    assert (await client.get("/mail/inbox", headers=auth)).json()["messages"] == []
    lee = await _login(client, username="lee@example.com", password="pw")
    inbox = (await client.get("/mail/inbox", headers=_bearer(lee["access_token"]))).json()
    assert inbox["total_records"] == 1
    headers = {h["name"]: h["value"] for h in inbox["messages"][0]["payload"]["headers"]}
    assert (headers["Subject"], headers["From"]) == ("Hi", OWNER)
    v2 = await client.get("/v2/emails/mailboxes/lee@example.com/messages", headers=auth)
    assert [m["id"] for m in v2.json()["messages"]] == [inbox["messages"][0]["id"]]
    bad = await client.post("/mail/send", headers=auth, json={"to": "not-an-address"})
    assert bad.status_code == 400 and bad.json()["details"]["errors"][0]["field"] == "to"


async def test_qss_feedback_through_the_older_paths(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, _ = await happened(client, auth, participants=3, seed=6)
    given = await client.post("/qss/feedback", headers=auth, json={"meeting_id": meeting["id"], "rating": 5})  # fmt: skip
    assert given.status_code == 201
    feedback_id = given.json()["id"]
    assert (
        await client.get(f"/v2/qss/feedback/{feedback_id}", headers=auth)
    ).json() == given.json()
    listed = await client.get("/qss/feedback", headers=auth, params={"meeting_id": meeting["id"]})
    assert listed.json()["total_records"] == 1
    assert (await client.delete(f"/qss/feedback/{feedback_id}", headers=auth)).status_code == 204
    gone = await client.get(f"/qss/feedback/{feedback_id}", headers=auth)
    assert gone.status_code == 404 and gone.json()["error_code"] == 404
