"""Unmodified Zoom client libraries from PyPI against a real emulator server.

zoomus (requests; Server-to-Server OAuth, echoes ids into queries and bodies) and
pyzoom (strict pydantic models of Zoom's answers) must work as they do on zoom.us.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import pyzoom
import requests
from zoomus import ZoomClient as ZoomusClient

from tests.emulator.live import LiveEmulator, serve_emulator

START = datetime(2031, 5, 6, 9, 30)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveEmulator]:
    with serve_emulator(tmp_path_factory.mktemp("live-emulator")) as server:
        yield server


@pytest.fixture
def zoomus(live: LiveEmulator) -> ZoomusClient:
    settings = live.settings
    return ZoomusClient(
        settings.client_id,
        settings.client_secret.get_secret_value(),
        settings.account_id,
        base_uri=live.api,
        oauth_uri=live.token_url,
    )


@pytest.fixture
def pyzoom_client(live: LiveEmulator) -> pyzoom.ZoomClient:
    return pyzoom.ZoomClient(live.token(), base_url=live.api)


def ok(response: requests.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


# -- zoomus ---------------------------------------------------------------------------


def test_zoomus_gets_a_token_and_reads_users(zoomus: ZoomusClient, live: LiveEmulator) -> None:
    assert zoomus.config["token"]  # fetched from the emulator's /oauth/token
    me = ok(zoomus.user.me())
    listed = ok(zoomus.user.list(page_size=300))
    assert me["id"] in {user["id"] for user in listed["users"]}
    assert isinstance(me["pmi"], int)
    assert listed["total_records"] >= 1


def test_zoomus_meeting_lifecycle(zoomus: ZoomusClient) -> None:
    created = ok(
        zoomus.meeting.create(
            user_id="me", topic="zoomus standup", type=2, start_time=START, duration=15
        ),
        201,
    )
    meeting_id = created["id"]
    assert created["start_time"] == "2031-05-06T09:30:00Z"
    got = ok(zoomus.meeting.get(id=meeting_id))  # echoes id= in the query
    assert (got["topic"], got["duration"]) == ("zoomus standup", 15)
    ok(zoomus.meeting.update(id=meeting_id, topic="zoomus retro", duration=25), 204)
    got = ok(zoomus.meeting.get(id=meeting_id))
    assert (got["topic"], got["duration"]) == ("zoomus retro", 25)
    listed = ok(zoomus.meeting.list(user_id="me", page_size=300))
    assert meeting_id in {m["id"] for m in listed["meetings"]}
    ok(zoomus.meeting.delete(id=meeting_id), 204)
    gone = zoomus.meeting.get(id=meeting_id)
    assert (gone.status_code, gone.json()["code"]) == (404, 3001)


def test_zoomus_user_create_update_delete(zoomus: ZoomusClient) -> None:
    info = {"email": "zoomus.user@example.com", "type": 1, "first_name": "Zoo"}
    created = ok(zoomus.user.create(action="custCreate", user_info=info), 201)
    ok(zoomus.user.update(id=created["id"], last_name="Mus"), 204)  # echoes id in the body
    by_email = ok(zoomus.user.get(id="zoomus.user@example.com"))
    assert (by_email["id"], by_email["last_name"]) == (created["id"], "Mus")
    ok(zoomus.user.delete(id=created["id"]), 204)


def test_zoomus_lists_recordings_of_a_held_meeting(
    zoomus: ZoomusClient, live: LiveEmulator
) -> None:
    meeting = ok(zoomus.meeting.create(user_id="me", topic="zoomus recorded", type=2), 201)
    report = simulate(live, meeting["id"])
    today = datetime.fromisoformat(report["start_time"].replace("Z", "+00:00"))
    listed = ok(zoomus.recording.list(user_id="me", start=today - timedelta(days=1)))
    held = [m for m in listed["meetings"] if m["id"] == meeting["id"]]
    assert held and held[0]["topic"] == "zoomus recorded"
    files = {f["id"] for f in held[0]["recording_files"]}
    assert {f["id"] for f in report["recording"]["recording_files"]} <= files
    got = ok(zoomus.recording.get(meeting_id=meeting["id"]))
    assert got["uuid"] == report["uuid"]


def simulate(live: LiveEmulator, meeting_id: int, participants: int = 3) -> Any:
    """Hold one instance of the meeting (through the emulator's control plane)."""
    url = f"{live.url}/_emulator/meetings/{meeting_id}/simulate"
    return ok(requests.post(url, json={"participants": participants, "seed": 3}, timeout=30), 201)


# -- pyzoom ---------------------------------------------------------------------------


def test_pyzoom_meeting_lifecycle(pyzoom_client: pyzoom.ZoomClient) -> None:
    meetings = pyzoom_client.meetings
    start = START.isoformat() + "Z"
    created = meetings.create_meeting("pyzoom planning", start_time=start, duration_min=40)
    assert created.topic == "pyzoom planning"
    assert created.settings.approval_type == 0  # pyzoom's default settings were kept
    assert created.registration_url  # registration is on with approval_type 0
    got = meetings.get_meeting(created.id)
    assert (got.id, got.duration, got.password) == (created.id, 40, created.password)
    later = (START + timedelta(days=1)).isoformat() + "Z"
    meetings.update_meeting(
        "pyzoom review", start_time=later, duration_min=50, meeting_id=created.id
    )
    got = meetings.get_meeting(created.id)
    assert (got.topic, got.duration, got.start_time) == ("pyzoom review", 50, later)
    assert meetings.list_meetings().filter_by_id(created.id)[0].topic == "pyzoom review"
    assert meetings.delete_meeting(created.id) is True
    with pytest.raises(pyzoom.err.NotFound):
        meetings.get_meeting(created.id)


def test_pyzoom_reads_past_participants(
    pyzoom_client: pyzoom.ZoomClient, live: LiveEmulator
) -> None:
    start = START.isoformat() + "Z"
    created = pyzoom_client.meetings.create_meeting(
        "pyzoom held", start_time=start, duration_min=30
    )
    report = simulate(live, created.id, participants=4)
    participants = pyzoom_client.meetings.past_meeting_participants(created.id)
    assert participants.total_records == len(participants) >= report["participants_count"] > 0
    assert all(p.name and isinstance(p.user_email, str) for p in participants)
    first = participants[0]
    assert participants.find_by_id(first.id)[0].name == first.name


def test_pyzoom_lists_and_deletes_users(
    pyzoom_client: pyzoom.ZoomClient, live: LiveEmulator
) -> None:
    body = {"action": "create", "user_info": {"email": "py.zoom@example.com", "type": 2}}
    created = pyzoom_client.raw.post("/users", body=body).json()
    pending = pyzoom_client.users.get_users("pending")
    assert "py.zoom@example.com" in {user.email for user in pending.users}
    active = pyzoom_client.users.get_users("active")
    owner = next(user for user in active.users if user.role_id == "0")
    assert owner.verified == 1 and owner.pmi > 0
    assert pyzoom_client.users.delete_user(created["id"]) is True
    pending = pyzoom_client.users.get_users("pending")
    assert "py.zoom@example.com" not in {user.email for user in pending.users}


# -- raw HTTP habits over a real socket --------------------------------------------------


def _chunks(payload: bytes) -> Iterator[bytes]:
    for start in range(0, len(payload), 5):
        yield payload[start : start + 5]


def test_token_in_query_with_json_type_and_empty_body(live: LiveEmulator) -> None:
    """How older zoomus releases and several SDKs ask: no body, JSON content type."""
    settings = live.settings
    response = requests.post(
        live.token_url,
        params={"grant_type": "account_credentials", "account_id": settings.account_id},
        headers={"Content-Type": "application/json"},
        auth=(settings.client_id, settings.client_secret.get_secret_value()),
        timeout=10,
    )
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["expires_in"], int)


def test_chunked_bodies_without_content_length(live: LiveEmulator) -> None:
    settings = live.settings
    form = f"grant_type=account_credentials&account_id={settings.account_id}".encode()
    token = requests.post(
        live.token_url,
        data=_chunks(form),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        auth=(settings.client_id, settings.client_secret.get_secret_value()),
        timeout=10,
    )
    assert token.request.headers["Transfer-Encoding"] == "chunked"
    headers = {
        "Authorization": f"Bearer {ok(token)['access_token']}",
        "Content-Type": "application/json",
    }
    body = b'{"topic": "chunked over the wire", "type": 2, "duration": 10}'
    created = requests.post(
        f"{live.api}/users/me/meetings", data=_chunks(body), headers=headers, timeout=10
    )
    assert "Content-Length" not in created.request.headers
    assert ok(created, 201)["topic"] == "chunked over the wire"
