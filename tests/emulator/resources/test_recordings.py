from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.emulator.schema_check import missing_fields, operation, type_errors
from tests.emulator.simulated import encoded, happened, scheduled, simulate
from zoomstack.emulator.events import Event
from zoomstack.emulator.state import Emulator

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)

# Documented fields Zoom leaves out of these answers: on-premise paths, trash-only
# times, the token only asked for with include_fields, per-participant audio files.
_FILE_ONLY_WHEN = ("file_path", "deleted_time")
CONDITIONAL = {"download_access_token", *(f"recording_files.[].{k}" for k in _FILE_ONLY_WHEN)}
LIST_CONDITIONAL = {f"meetings.[].recording_files.[].{k}" for k in _FILE_ONLY_WHEN}


def assert_zoom_shape(path: str, body: Any, allowed: set[str] = CONDITIONAL) -> None:
    schema = operation("GET", path).response_schema(200)
    assert schema is not None
    # Zoom sends TIMELINE files (its own file_type description and webhook enum list
    # them); the REST enum leaves the value out.
    errors = [e for e in type_errors(schema, body) if "'TIMELINE' is not one of" not in e]
    assert errors == []
    assert set(missing_fields(schema, body)) <= allowed


@pytest.fixture
def events(emulator: Emulator) -> list[Event]:
    seen: list[Event] = []

    async def record(event: Event) -> None:
        seen.append(event)

    emulator.events.subscribe(record)
    return seen


async def test_one_meetings_recording_by_id_or_uuid(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, report = await happened(client, auth, participants=3, duration=12, seed=6)
    body = (await client.get(f"/v2/meetings/{meeting['id']}/recordings", headers=auth)).json()
    assert_zoom_shape("/v2/meetings/1/recordings", body)
    assert body["uuid"] == report["uuid"] and body["id"] == meeting["id"]
    assert body["type"] == "2" and body["duration"] == 12
    assert (
        body["recording_count"]
        == len(body["recording_files"])
        == report["recording"]["recording_count"]
    )
    assert body["total_size"] == sum(f["file_size"] for f in body["recording_files"])
    for file in body["recording_files"]:
        assert file["meeting_id"] == report["uuid"] and file["status"] == "completed"
        assert file["download_url"] == f"http://emulator.test/rec/download/{file['id']}"
        assert (file["recording_start"], file["recording_end"]) == (
            report["start_time"],
            report["end_time"],
        )
    same = (
        await client.get(f"/v2/meetings/{encoded(report['uuid'], 2)}/recordings", headers=auth)
    ).json()
    assert same == body


async def test_download_access_token_on_request(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, _ = await happened(client, auth, seed=6)
    path = f"/v2/meetings/{meeting['id']}/recordings"
    body = (
        await client.get(
            path, headers=auth, params={"include_fields": "download_access_token", "ttl": "600"}
        )
    ).json()
    assert body["download_access_token"].count(".") == 2
    response = await client.get(
        path, headers=auth, params={"include_fields": "download_access_token", "ttl": "x"}
    )
    assert response.status_code == 400 and response.json()["code"] == 300


async def test_user_list_defaults_to_today_and_takes_dates_or_datetimes(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    today = datetime.now(UTC).replace(hour=0, minute=30, second=0, microsecond=0)
    meeting, now = await happened(client, auth, seed=1, start_time=today.isoformat())
    old = await simulate(
        client, meeting["id"], seed=2, start_time=(today - timedelta(days=3)).isoformat()
    )
    listed = (await client.get("/v2/users/me/recordings", headers=auth)).json()
    assert_zoom_shape("/v2/users/1/recordings", listed, LIST_CONDITIONAL)
    assert (listed["from"], listed["to"]) == (
        today.date().isoformat(),
        (today.date() + timedelta(days=1)).isoformat(),
    )
    assert [m["uuid"] for m in listed["meetings"]] == [now["uuid"]]
    day = (today - timedelta(days=3)).date().isoformat()
    for params in (
        {"from": day, "to": day},
        {"from": f"{day}T00:00:00Z", "to": f"{day}T23:59:59Z"},
    ):
        found = (await client.get("/v2/users/me/recordings", headers=auth, params=params)).json()
        assert [m["uuid"] for m in found["meetings"]] == [old["uuid"]]
        assert (found["from"], found["to"]) == (day, day)


async def test_lists_page_newest_first_with_totals(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    uuids = [
        (await simulate(client, meeting["id"], seed=n, start_time=f"2025-06-0{n}T10:00:00Z"))[
            "uuid"
        ]
        for n in range(1, 4)
    ]
    params = {"from": "2025-06-01", "to": "2025-06-30", "page_size": "1"}
    seen, token = [], "start"
    while token:
        page = (await client.get("/v2/users/me/recordings", headers=auth, params=params)).json()
        assert page["total_records"] == 3 and page["page_size"] == 1 and page["page_count"] == 3
        seen += [m["uuid"] for m in page["meetings"]]
        token = params["next_page_token"] = page["next_page_token"]
    assert seen == uuids[::-1]


async def test_account_lists_cover_every_user(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    info = {"email": "other@example.com", "first_name": "O", "last_name": "Ther", "type": 2}
    user = (
        await client.post(
            "/v2/users", headers=auth, json={"action": "custCreate", "user_info": info}
        )
    ).json()
    theirs = (
        await client.post(
            f"/v2/users/{user['id']}/meetings", headers=auth, json={"topic": "Theirs"}
        )
    ).json()
    _, mine = await happened(client, auth, seed=1, start_time="2025-07-01T10:00:00Z")
    their = await simulate(client, theirs["id"], seed=2, start_time="2025-07-02T10:00:00Z")
    window = {"from": "2025-07-01", "to": "2025-07-31"}
    for path in ("/v2/accounts/me/recordings", f"/v2/accounts/{emulator.account_id}/recordings"):
        body = (await client.get(path, headers=auth, params=window)).json()
        assert [m["uuid"] for m in body["meetings"]] == [their["uuid"], mine["uuid"]]
    only_theirs = (
        await client.get(f"/v2/users/{user['id']}/recordings", headers=auth, params=window)
    ).json()
    assert [m["uuid"] for m in only_theirs["meetings"]] == [their["uuid"]]
    response = await client.get("/v2/accounts/someone-else/recordings", headers=auth)
    assert response.status_code == 404 and response.json()["code"] == 2001


async def test_trash_then_delete_for_good(
    client: httpx.AsyncClient, auth: dict[str, str], events: list[Event]
) -> None:
    meeting, report = await happened(client, auth, seed=9, start_time="2025-08-01T10:00:00Z")
    path = f"/v2/meetings/{meeting['id']}/recordings"
    assert (await client.delete(path, headers=auth)).status_code == 204
    assert events[-1].name == "recording.trashed" and events[-1].body()["payload"]["operator_id"]
    response = await client.get(path, headers=auth)
    assert response.status_code == 404
    assert response.json() == {"code": 3301, "message": "There is no recording for this meeting."}
    window = {"from": "2025-08-01", "to": "2025-08-02"}
    assert (await client.get("/v2/users/me/recordings", headers=auth, params=window)).json()[
        "meetings"
    ] == []
    trash = (
        await client.get("/v2/users/me/recordings", headers=auth, params={"trash": "true"})
    ).json()
    assert [m["uuid"] for m in trash["meetings"]] == [report["uuid"]]
    assert all("deleted_time" in f for f in trash["meetings"][0]["recording_files"])
    url = report["recording"]["recording_files"][0]["download_url"]
    assert (await client.get(url, headers=auth)).status_code == 404
    assert (await client.delete(path, headers=auth, params={"action": "delete"})).status_code == 204
    assert events[-1].name == "recording.deleted"
    trash = (
        await client.get("/v2/users/me/recordings", headers=auth, params={"trash": "true"})
    ).json()
    assert trash["meetings"] == [] and trash["total_records"] == 0


async def test_deleting_one_file_keeps_the_others(
    client: httpx.AsyncClient, auth: dict[str, str], events: list[Event]
) -> None:
    _, report = await happened(client, auth, seed=9)
    mp4 = next(f for f in report["recording"]["recording_files"] if f["file_type"] == "MP4")
    path = f"/v2/meetings/{encoded(report['uuid'])}/recordings"
    assert (
        await client.delete(f"{path}/{mp4['id']}", headers=auth, params={"action": "delete"})
    ).status_code == 204
    body = (await client.get(path, headers=auth)).json()
    assert mp4["id"] not in {f["id"] for f in body["recording_files"]}
    assert body["recording_count"] == report["recording"]["recording_count"] - 1
    assert body["total_size"] == report["recording"]["total_size"] - mp4["file_size"]
    assert (await client.get(mp4["download_url"], headers=auth)).status_code == 404
    deleted = events[-1].object
    assert events[-1].name == "recording.deleted" and [
        f["id"] for f in deleted["recording_files"]
    ] == [mp4["id"]]
    missing = await client.delete(f"{path}/{mp4['id']}", headers=auth)
    assert missing.status_code == 404 and missing.json()["code"] == 3301


async def test_deleting_the_last_file_trashes_the_recording(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, report = await happened(client, auth, seed=9)
    path = f"/v2/meetings/{meeting['id']}/recordings"
    for file in report["recording"]["recording_files"]:
        assert (await client.delete(f"{path}/{file['id']}", headers=auth)).status_code == 204
    assert (await client.get(path, headers=auth)).status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "params", "status", "code"),
    [
        ("GET", "/v2/meetings/12345678901/recordings", {}, 404, 3301),
        ("GET", "/v2/meetings/bm9wZQ%3D%3D/recordings", {}, 404, 3301),
        ("DELETE", "/v2/meetings/12345678901/recordings", {}, 404, 3301),
        ("DELETE", "/v2/meetings/{meeting}/recordings", {"action": "shred"}, 400, 300),
        ("DELETE", "/v2/meetings/{meeting}/recordings/nope", {}, 404, 3301),
        ("GET", "/v2/users/nobody@example.com/recordings", {}, 404, 1001),
        ("GET", "/v2/users/me/recordings", {"from": "June"}, 400, 300),
        ("GET", "/v2/users/me/recordings", {"page_size": "x"}, 400, 300),
    ],
)
async def test_bad_requests_get_zoom_errors(
    client: httpx.AsyncClient,
    auth: dict[str, str],
    method: str,
    path: str,
    params: dict[str, str],
    status: int,
    code: int,
) -> None:
    meeting, _ = await happened(client, auth, seed=1)
    response = await client.request(
        method, path.format(meeting=meeting["id"]), headers=auth, params=params
    )
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
