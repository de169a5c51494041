"""The client's users and meetings calls against the in-process emulator."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.zoom.conftest import emulator_client, mock_client
from zoomstack.emulator.state import Emulator
from zoomstack.zoom import Meeting, NotFoundError, RetryPolicy, ZoomAPIError, ZoomClient
from zoomstack.zoom.client import meeting_path_id

both_stores = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)

MEETING = {
    "topic": "Design review",
    "type": 2,
    "start_time": "2030-01-02T15:00:00Z",
    "duration": 45,
}


async def add_user(zoom: ZoomClient, email: str) -> dict[str, Any]:
    body = {"action": "custCreate", "user_info": {"email": email, "type": 1, "first_name": "T"}}
    created: dict[str, Any] = await zoom.request("POST", "users", json=body)
    return created


@both_stores
async def test_me_is_the_account_owner(zoom: ZoomClient, emulator: Emulator) -> None:
    me = await zoom.me()
    assert me.email == "owner@zoomstack.example"
    assert me.account_id == emulator.settings.account_id
    assert (await zoom.get_user(me.email)).id == me.id


async def test_unknown_user_is_not_found(zoom: ZoomClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await zoom.get_user("nobody@example.com")
    assert (caught.value.status, caught.value.code) == (404, 1001)


@both_stores
async def test_users_are_walked_across_pages(
    emulator_app: Starlette, emulator: Emulator, retry: RetryPolicy
) -> None:
    async with emulator_client(emulator_app, emulator, retry=retry, page_size=2) as zoom:
        for n in range(4):
            await add_user(zoom, f"user{n}@example.com")
        emails = [user.email async for user in zoom.iter_users()]
    assert len(emails) == 5
    assert set(emails) == {"owner@zoomstack.example"} | {f"user{n}@example.com" for n in range(4)}


@both_stores
async def test_meeting_lifecycle(zoom: ZoomClient) -> None:
    created = await zoom.create_meeting("me", {**MEETING, "agenda": "Q1"})
    assert isinstance(created, Meeting) and created.uuid and created.join_url
    await zoom.update_meeting(created.id, {"topic": "Renamed", "duration": 30})
    got = await zoom.get_meeting(created.id)
    assert (got.topic, got.duration, got.agenda) == ("Renamed", 30, "Q1")
    assert got.settings  # Zoom's settings object comes through as a dict
    await zoom.delete_meeting(created.id)
    with pytest.raises(NotFoundError) as caught:
        await zoom.get_meeting(created.id)
    assert caught.value.code == 3001


async def test_meeting_by_uuid(zoom: ZoomClient) -> None:
    for _ in range(6):  # UUIDs are random base64: several give `/`, `+` and `=` a go
        created = await zoom.create_meeting("me", MEETING)
        assert (await zoom.get_meeting(created.uuid)).id == created.id


@both_stores
async def test_meetings_are_walked_across_pages(
    emulator_app: Starlette, emulator: Emulator, retry: RetryPolicy
) -> None:
    async with emulator_client(emulator_app, emulator, retry=retry, page_size=2) as zoom:
        ids = {(await zoom.create_meeting("me", MEETING)).id for _ in range(5)}
        listed = [m async for m in zoom.iter_meetings("me", type="scheduled")]
    assert {m.id for m in listed} == ids
    assert all(m.topic == "Design review" for m in listed)


async def test_invalid_meeting_is_a_validation_error(zoom: ZoomClient) -> None:
    with pytest.raises(ZoomAPIError) as caught:
        await zoom.create_meeting("me", {**MEETING, "type": 99})
    assert (caught.value.status, caught.value.code) == (400, 300)
    assert caught.value.errors == [{"field": "type", "message": "Invalid field."}]


@pytest.mark.parametrize(
    ("meeting_id", "segment"),
    [
        (85746065432, "85746065432"),
        ("aDYlohsHRtCd4ii1uC2+hA==", "aDYlohsHRtCd4ii1uC2%2BhA%3D%3D"),
        ("ab/cd+ef==", "ab%2Fcd%2Bef%3D%3D"),
        ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),
        ("ab//cd==", "ab%252F%252Fcd%253D%253D"),
    ],
)
def test_meeting_path_id(meeting_id: int | str, segment: str) -> None:
    assert meeting_path_id(meeting_id) == segment


async def test_past_participants_and_summary(retry: RetryPolicy) -> None:
    uuid = "/ajXp112QmuoKj4854875=="
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t"})
        requests.append(request)
        if request.url.path.endswith("/meeting_summary"):
            return httpx.Response(200, json={"meeting_uuid": uuid, "summary_overview": "Done."})
        if "next_page_token" not in request.url.params:
            people = [{"id": "p1", "name": "Ann", "leave_time": ""}]
            return httpx.Response(200, json={"participants": people, "next_page_token": "n1"})
        return httpx.Response(200, json={"participants": [{"name": "Bo"}], "next_page_token": ""})

    async with mock_client(handler, retry) as zoom:
        names = [p.name async for p in zoom.iter_past_participants(uuid)]
        summary = await zoom.get_meeting_summary(uuid)
    assert names == ["Ann", "Bo"]
    assert summary.summary_overview == "Done."
    paths = [r.url.raw_path.decode().split("?")[0] for r in requests]
    assert paths == [
        "/v2/past_meetings/%252FajXp112QmuoKj4854875%253D%253D/participants",
        "/v2/past_meetings/%252FajXp112QmuoKj4854875%253D%253D/participants",
        "/v2/meetings/%252FajXp112QmuoKj4854875%253D%253D/meeting_summary",
    ]
    assert requests[1].url.params["next_page_token"] == "n1"
    assert requests[0].url.params["page_size"] == "300"
