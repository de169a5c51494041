from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest

from tests.emulator.simulated import encoded, happened, held_webinar, scheduled, simulate
from zoomstack.emulator import quality
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.store import Query

SPAN = {"from": "2000-01-01", "to": "2100-01-01"}


async def _get(
    client: httpx.AsyncClient, auth: dict[str, str], path: str, **params: str
) -> dict[str, Any]:
    response = await client.get(path, headers=auth, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _pages(
    client: httpx.AsyncClient, auth: dict[str, str], path: str, key: str, **params: str
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = await _get(client, auth, path, **params)
        found += page[key]
        if not page["next_page_token"]:
            return found
        params["next_page_token"] = page["next_page_token"]


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_participant_pages_pair_each_participant_with_their_own_qos(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    _, report = await happened(client, auth, participants=8, seed=12)
    uuid = encoded(report["uuid"])
    paged = await _pages(client, auth, f"/v2/metrics/meetings/{uuid}/participants", "participants", page_size="3")  # fmt: skip
    people = (await _get(client, auth, f"/v2/past_meetings/{uuid}/participants", page_size="300"))["participants"]  # fmt: skip
    assert [(p["user_id"], p["join_time"]) for p in paged] == [(p["user_id"], p["join_time"]) for p in people]  # fmt: skip
    stored = await emulator.store.list_page(
        Query(quality.KIND, emulator.account_id, parent=report["uuid"], limit=300)
    )
    assert len(stored.items) == len(people)
    for row in paged:
        mine = (row["user_id"], row["join_time"])
        figures = next(
            q["qos"]
            for q in map(_loads, stored.items)
            if (q["identity"]["participant_id"], q["identity"]["join_time"]) == mine
        )
        expected = quality.label(quality.kind_score(figures, quality.AUDIO) or 0)
        assert row["audio_quality"] == expected
        assert row["device"] and row["ip_address"].count(".") == 3
    assert [p["role"] for p in paged].count("host") == 1


def _loads(raw: bytes) -> dict[str, Any]:
    value: dict[str, Any] = orjson.loads(raw)
    return value


async def test_the_list_covers_the_window_and_live_is_empty(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    await simulate(client, meeting["id"], participants=2, start_time="2024-03-05T10:00:00Z")
    await simulate(client, meeting["id"], participants=3, start_time="2024-03-12T10:00:00Z")
    march = await _pages(client, auth, "/v2/metrics/meetings", "meetings", **{"from": "2024-03-01", "to": "2024-03-31", "page_size": "1"})  # fmt: skip
    assert [m["participants"] for m in march] == [2, 3]
    one_day = await _get(client, auth, "/v2/metrics/meetings", **{"from": "2024-03-12", "to": "2024-03-12"})  # fmt: skip
    assert [m["start_time"] for m in one_day["meetings"]] == ["2024-03-12T10:00:00Z"]
    live = await _get(client, auth, "/v2/metrics/meetings", type="live", **SPAN)
    assert live["meetings"] == [] and live["total_records"] == 0


async def test_details_by_id_are_the_latest_and_by_uuid_any(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    first = await simulate(client, meeting["id"], participants=2, start_time="2024-03-05T10:00:00Z")
    second = await simulate(client, meeting["id"], participants=4)
    latest = await _get(client, auth, f"/v2/metrics/meetings/{meeting['id']}")
    assert (latest["uuid"], latest["participants"]) == (second["uuid"], 4)
    older = await _get(client, auth, f"/v2/metrics/meetings/{encoded(first['uuid'], 2)}")
    assert (older["uuid"], older["participants"]) == (first["uuid"], 2)
    assert older["has_meeting_summary"] is True
    await client.delete(f"/v2/meetings/{encoded(first['uuid'])}/meeting_summary", headers=auth)
    older = await _get(client, auth, f"/v2/metrics/meetings/{encoded(first['uuid'])}")
    assert older["has_meeting_summary"] is False


async def test_qos_summaries_list_every_stream_with_units(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    _, report = await happened(client, auth, participants=4, seed=8)
    path = f"/v2/metrics/meetings/{encoded(report['uuid'])}/participants/qos_summary"
    rows = await _pages(client, auth, path, "participants", page_size="3")
    assert len(rows) >= 4
    host = rows[0]
    types = [q["type"] for q in host["qos"]]
    assert types[:4] == ["audio_input", "audio_output", "video_input", "video_output"]
    assert types[-1] == "cpu_usage" and "as_input" in types  # the host shares
    audio = host["qos"][0]["details"]
    assert audio["avg_latency"].endswith(" ms") and audio["avg_loss"].endswith("%")
    assert audio["avg_bitrate"].endswith(" kbps")


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_webinar_metrics_name_panelists_and_attendees(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    webinar, report = await held_webinar(client, auth, participants=9, seed=4)
    rows = (await _get(client, auth, f"/v2/metrics/webinars/{webinar['id']}/participants", page_size="300"))  # fmt: skip
    roles = {p["role"] for p in rows["participants"]}
    assert roles == {"host", "panelist", "attendee"}
    assert rows["webinar_number"] == str(webinar["id"])
    listed = await _get(client, auth, "/v2/metrics/webinars", **SPAN)
    assert [w["uuid"] for w in listed["webinars"]] == [report["uuid"]]
    meetings = await _get(client, auth, "/v2/metrics/meetings", **SPAN)
    assert meetings["meetings"] == []
    qos = await _get(client, auth, f"/v2/metrics/webinars/{webinar['id']}/participants/qos_summary")
    assert {p["email"] for p in qos["participants"]} <= {p["email"] for p in rows["participants"]}


async def test_unknown_and_unheld_meetings_are_3001(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    for path in (
        f"/v2/metrics/meetings/{meeting['id']}",
        "/v2/metrics/meetings/12345678901/participants",
        "/v2/metrics/webinars/12345678901/participants/qos_summary",
    ):
        response = await client.get(path, headers=auth)
        assert response.status_code == 404 and response.json()["code"] == 3001, path
    bad = await client.get("/v2/metrics/meetings", headers=auth, params={**SPAN, "query_date_type": "x"})  # fmt: skip
    assert bad.status_code == 400
