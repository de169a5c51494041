from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.schema_check import missing_fields, operation, type_errors
from tests.emulator.simulated import encoded, happened, scheduled, simulate
from zoomstack.emulator.events import Event
from zoomstack.emulator.state import Emulator

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


def assert_zoom_shape(path: str, body: Any) -> None:
    schema = operation("GET", path).response_schema(200)
    assert schema is not None
    assert type_errors(schema, body) == []
    assert missing_fields(schema, body) == []


async def test_summary_by_id_or_uuid(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    meeting, report = await happened(client, auth, participants=5, duration=30, seed=12)
    body = (await client.get(f"/v2/meetings/{meeting['id']}/meeting_summary", headers=auth)).json()
    assert_zoom_shape("/v2/meetings/1/meeting_summary", body)
    assert body["meeting_uuid"] == report["uuid"] and body["meeting_id"] == meeting["id"]
    assert (
        body["meeting_topic"] == meeting["topic"] and body["meeting_host_id"] == meeting["host_id"]
    )
    assert (body["meeting_start_time"], body["meeting_end_time"]) == (
        report["start_time"],
        report["end_time"],
    )
    assert body["summary_created_time"] > body["meeting_end_time"]
    assert body["summary_overview"] == report["summary"]["summary_overview"]
    assert body["next_steps"] == report["summary"]["next_steps"]
    assert body["summary_details"] and all(
        d["label"] and d["summary"] for d in body["summary_details"]
    )
    assert body["summary_content"].startswith("## Quick recap")
    for key in (encoded(report["uuid"]), encoded(report["uuid"], 2)):
        assert (
            await client.get(f"/v2/meetings/{key}/meeting_summary", headers=auth)
        ).json() == body


async def test_next_steps_are_in_the_transcript(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth, topic="Sprint 14 planning")
    report = await simulate(client, meeting["id"], participants=5, duration=45, seed=3)
    steps = report["summary"]["next_steps"]
    assert steps
    url = next(
        f["download_url"]
        for f in report["recording"]["recording_files"]
        if f["file_type"] == "TRANSCRIPT"
    )
    transcript = (await client.get(url, headers=auth)).text.lower()
    for step in steps:
        owner, task = step.lower().rstrip(".").split(" will ", 1)
        assert f"\n{owner}: " in transcript  # the owner was there and spoke
        assert (
            task.rsplit(" by ", 1)[0].rsplit(" before ", 1)[0].removesuffix(" today") in transcript
        )


async def test_list_filters_by_time_and_pages(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    uuids = [
        (await simulate(client, meeting["id"], seed=n, start_time=f"2025-09-0{n}T10:00:00Z"))[
            "uuid"
        ]
        for n in range(1, 4)
    ]
    everything = (await client.get("/v2/meetings/meeting_summaries", headers=auth)).json()
    assert [s["meeting_uuid"] for s in everything["summaries"]] == uuids
    assert "from" not in everything  # no window asked for, none applied
    window = {"from": "2025-09-01", "to": "2025-09-30"}
    listed = (
        await client.get("/v2/meetings/meeting_summaries", headers=auth, params=window)
    ).json()
    assert_zoom_shape("/v2/meetings/meeting_summaries", listed)
    assert listed["summaries"] == everything["summaries"]
    params = {"from": "2025-09-02T00:00:00Z", "to": "2025-09-03", "page_size": "1"}
    first = (await client.get("/v2/meetings/meeting_summaries", headers=auth, params=params)).json()
    assert (first["from"], first["to"]) == ("2025-09-02T00:00:00Z", "2025-09-04T00:00:00Z")
    assert [s["meeting_uuid"] for s in first["summaries"]] == [uuids[1]]
    second = (
        await client.get(
            "/v2/meetings/meeting_summaries",
            headers=auth,
            params={**params, "next_page_token": first["next_page_token"]},
        )
    ).json()
    assert [s["meeting_uuid"] for s in second["summaries"]] == [uuids[2]]
    assert second["next_page_token"] == ""


async def test_delete_removes_it_for_good(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    seen: list[Event] = []

    async def record(event: Event) -> None:
        seen.append(event)

    emulator.events.subscribe(record)
    meeting, report = await happened(client, auth, seed=5)
    path = f"/v2/meetings/{encoded(report['uuid'])}/meeting_summary"
    assert (await client.delete(path, headers=auth)).status_code == 204
    assert seen[-1].name == "meeting.summary_deleted"
    assert seen[-1].object["meeting_uuid"] == report["uuid"] and seen[-1].extra["operator_id"]
    response = await client.get(path, headers=auth)
    assert response.status_code == 404 and response.json()["code"] == 3001
    past = (await client.get(f"/v2/past_meetings/{meeting['id']}", headers=auth)).json()
    assert past["has_meeting_summary"] is False
    assert (await client.delete(path, headers=auth)).status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "params", "status", "code"),
    [
        ("GET", "/v2/meetings/12345678901/meeting_summary", {}, 404, 3001),
        ("DELETE", "/v2/meetings/bm9wZQ%3D%3D/meeting_summary", {}, 404, 3001),
        ("GET", "/v2/meetings/meeting_summaries", {"time_filter_field": "nope"}, 400, 300),
        ("GET", "/v2/meetings/meeting_summaries", {"from": "last week"}, 400, 300),
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
    response = await client.request(method, path, headers=auth, params=params)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
