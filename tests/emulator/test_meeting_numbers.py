"""One simulated meeting, read back through every family that counts it: past meetings,
reports, dashboard metrics and QSS agree on who was there and for how long."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest

from tests.emulator.simulated import encoded, happened, simulate
from zoomstack.emulator.resources.activity import hms

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
SPAN = {"from": "2000-01-01", "to": "2100-01-01"}


async def _get(client: httpx.AsyncClient, auth: dict[str, str], path: str, **params: Any) -> Any:
    response = await client.get(path, headers=auth, params={"page_size": "300", **params})
    assert response.status_code == 200, response.text
    return response.json()


def _attendance(rows: list[dict[str, Any]], id_key: str = "user_id") -> list[tuple[str, ...]]:
    return sorted((str(r[id_key]), r["join_time"], r["leave_time"]) for r in rows)


async def test_every_family_counts_the_same_participants(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, report = await happened(client, auth, participants=9, duration=40, seed=21)
    uuid = encoded(report["uuid"])
    past = await _get(client, auth, f"/v2/past_meetings/{uuid}")
    people = (await _get(client, auth, f"/v2/past_meetings/{uuid}/participants"))["participants"]
    count, minutes = past["participants_count"], past["duration"]
    assert count == report["participants_count"] == 9 == len({p["user_id"] for p in people})
    assert past["total_minutes"] == sum(p["duration"] for p in people) // 60
    sessions = Counter(p["user_id"] for p in people)

    detail = await _get(client, auth, f"/v2/report/meetings/{uuid}")
    assert (detail["participants_count"], detail["duration"]) == (count, minutes)
    assert detail["total_minutes"] == past["total_minutes"]
    reported = await _get(client, auth, f"/v2/report/meetings/{uuid}/participants")
    assert _attendance(reported["participants"]) == _attendance(people)
    assert [p["duration"] for p in reported["participants"]] == [p["duration"] for p in people]

    hosts = await _get(client, auth, "/v2/report/users", **SPAN)
    assert hosts["users"][0]["id"] == meeting["host_id"]
    assert (hosts["total_meetings"], hosts["total_participants"]) == (1, count)
    assert hosts["users"][0]["meeting_minutes"] == hosts["total_meeting_minutes"] == minutes
    hosted = (await _get(client, auth, "/v2/report/users/me/meetings", **SPAN))["meetings"]
    assert [(m["uuid"], m["participants_count"]) for m in hosted] == [(report["uuid"], count)]

    listed = (await _get(client, auth, "/v2/metrics/meetings", **SPAN))["meetings"]
    assert [(m["uuid"], m["participants"]) for m in listed] == [(report["uuid"], count)]
    assert listed[0]["duration"] == hms(minutes * 60)
    one = await _get(client, auth, f"/v2/metrics/meetings/{meeting['id']}")
    assert (one["uuid"], one["participants"]) == (report["uuid"], count)
    dashboard = await _get(client, auth, f"/v2/metrics/meetings/{uuid}/participants")
    assert dashboard["total_records"] == len(people)
    assert _attendance(dashboard["participants"]) == _attendance(people)
    qos = await _get(client, auth, f"/v2/metrics/meetings/{uuid}/participants/qos_summary")
    assert Counter(p["participant_id"] for p in qos["participants"]) == sessions

    score = await _get(client, auth, f"/v2/qss/score/{uuid}")
    assert (score["participants_count"], score["sessions"]) == (count, len(people))
    by_person = {p["participant_id"]: p for p in score["participants"]}
    assert {k: v["sessions"] for k, v in by_person.items()} == dict(sessions)
    for person_id, row in by_person.items():
        assert row["duration"] == sum(p["duration"] for p in people if p["user_id"] == person_id)


async def test_numbers_follow_each_new_instance(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    earlier = {"start_time": "2025-06-02T15:00:00Z"}  # instances of one meeting never overlap
    meeting, first = await happened(client, auth, participants=3, seed=1, **earlier)
    second = await simulate(client, meeting["id"], participants=5, seed=2)
    hosts = await _get(client, auth, "/v2/report/users", **SPAN)
    assert hosts["total_meetings"] == 2
    assert hosts["total_participants"] == first["participants_count"] + second["participants_count"]
    latest = await _get(client, auth, f"/v2/metrics/meetings/{meeting['id']}")
    assert (latest["uuid"], latest["participants"]) == (second["uuid"], 5)
    score = await _get(client, auth, f"/v2/qss/score/{encoded(first['uuid'])}")
    assert score["participants_count"] == 3
