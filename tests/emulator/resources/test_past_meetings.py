from __future__ import annotations

import httpx
import pytest

from tests.emulator.schema_check import missing_fields, operation, type_errors
from tests.emulator.simulated import encoded, happened, simulate

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


def assert_zoom_shape(method: str, path: str, body: object) -> None:
    schema = operation(method, path).response_schema(200)
    assert schema is not None
    assert type_errors(schema, body) == []
    assert missing_fields(schema, body) == []


async def test_details_by_id_or_any_encoding_of_the_uuid(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, report = await happened(client, auth, participants=4, duration=20, seed=2)
    by_id = (await client.get(f"/v2/past_meetings/{meeting['id']}", headers=auth)).json()
    assert_zoom_shape("GET", "/v2/past_meetings/1", by_id)
    assert by_id["uuid"] == report["uuid"]
    assert (by_id["start_time"], by_id["end_time"]) == (report["start_time"], report["end_time"])
    assert (by_id["duration"], by_id["participants_count"]) == (20, 4)
    assert by_id["topic"] == meeting["topic"] and by_id["host_id"] == meeting["host_id"]
    assert by_id["has_meeting_summary"] is True
    for key in (encoded(report["uuid"]), encoded(report["uuid"], 2)):
        assert (await client.get(f"/v2/past_meetings/{key}", headers=auth)).json() == by_id


async def test_a_meeting_id_means_its_latest_instance(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, _ = await happened(client, auth, seed=1, start_time="2025-01-01T10:00:00Z")
    later = await simulate(client, meeting["id"], seed=2, start_time="2025-02-01T10:00:00Z")
    await simulate(client, meeting["id"], seed=3, start_time="2024-12-01T10:00:00Z")
    got = (await client.get(f"/v2/past_meetings/{meeting['id']}", headers=auth)).json()
    assert got["uuid"] == later["uuid"]


async def test_participants_page_through_every_record(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, report = await happened(client, auth, participants=7, duration=60, seed=21)
    path = f"/v2/past_meetings/{encoded(report['uuid'])}/participants"
    first = (await client.get(path, headers=auth, params={"page_size": 3})).json()
    assert_zoom_shape("GET", "/v2/past_meetings/1/participants", first)
    total = first["total_records"]
    assert total >= 7 and first["page_count"] == -(-total // 3)
    rows, token = list(first["participants"]), first["next_page_token"]
    while token:
        page = (
            await client.get(path, headers=auth, params={"page_size": 3, "next_page_token": token})
        ).json()
        assert page["total_records"] == total
        rows += page["participants"]
        token = page["next_page_token"]
    assert len(rows) == total
    assert len({r["name"] for r in rows}) == 7
    assert [r["join_time"] for r in rows] == sorted(r["join_time"] for r in rows)
    for row in rows:
        assert all(isinstance(row[k], str) for k in ("id", "name", "user_email", "user_id"))
        assert row["duration"] > 0 and row["join_time"] < row["leave_time"]
    host = next(r for r in rows if r["id"] == meeting["host_id"])
    assert host["internal_user"] is True and host["user_email"] == meeting["host_email"]
    assert host["duration"] == 3600


async def test_instances_list_every_ended_instance(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, one = await happened(client, auth, seed=1, start_time="2025-03-01T09:00:00Z")
    two = await simulate(client, meeting["id"], seed=2, start_time="2025-03-08T09:00:00Z")
    path = f"/v2/past_meetings/{meeting['id']}/instances"
    body = (await client.get(path, headers=auth)).json()
    assert_zoom_shape("GET", "/v2/past_meetings/1/instances", body)
    assert body["meetings"] == [
        {"uuid": one["uuid"], "start_time": "2025-03-01T09:00:00Z"},
        {"uuid": two["uuid"], "start_time": "2025-03-08T09:00:00Z"},
    ]
    window = {"from": "2025-03-05", "to": "2025-03-31"}
    assert [
        m["uuid"] for m in (await client.get(path, headers=auth, params=window)).json()["meetings"]
    ] == [two["uuid"]]
    only_from = (await client.get(path, headers=auth, params={"from": "2025-03-05"})).json()
    assert len(only_from["meetings"]) == 2  # Zoom applies the range only with both ends


async def test_a_meeting_that_never_happened_has_no_instances(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    created = await client.post("/v2/users/me/meetings", headers=auth, json={"topic": "Later"})
    meeting_id = created.json()["id"]
    assert (await client.get(f"/v2/past_meetings/{meeting_id}/instances", headers=auth)).json() == {
        "meetings": []
    }
    response = await client.get(f"/v2/past_meetings/{meeting_id}", headers=auth)
    assert response.status_code == 404
    assert response.json() == {"code": 3001, "message": f"Meeting does not exist: {meeting_id}."}


@pytest.mark.parametrize(
    "path",
    [
        "/v2/past_meetings/12345678901",
        "/v2/past_meetings/bm9wZQ%3D%3D",
        "/v2/past_meetings/12345678901/participants",
        "/v2/past_meetings/12345678901/instances",
        "/v2/past_meetings/bm9wZQ%3D%3D/instances",
    ],
)
async def test_unknown_meetings_are_zoom_3001(
    client: httpx.AsyncClient, auth: dict[str, str], path: str
) -> None:
    response = await client.get(path, headers=auth)
    assert response.status_code == 404
    assert response.json()["code"] == 3001


async def test_a_bad_page_token_is_a_400(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    meeting, _ = await happened(client, auth, seed=4)
    response = await client.get(
        f"/v2/past_meetings/{meeting['id']}/participants",
        headers=auth,
        params={"next_page_token": "%%%"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == 300
