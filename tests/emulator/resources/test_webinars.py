from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.simulated import encoded, held_webinar
from zoomstack.emulator.events import Event
from zoomstack.emulator.state import Emulator

WEBINAR = {"topic": "Quarterly launch", "type": 5, "start_time": "2030-05-06T16:00:00Z"}


@pytest.fixture
def events(emulator: Emulator) -> list[Event]:
    seen: list[Event] = []

    async def record(event: Event) -> None:
        seen.append(event)

    emulator.events.subscribe(record)
    return seen


async def _create(client: httpx.AsyncClient, auth: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post("/v2/users/me/webinars", headers=auth, json={**WEBINAR, **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_a_webinar_reads_back_lists_changes_and_goes(
    client: httpx.AsyncClient, auth: dict[str, str], events: list[Event]
) -> None:
    created = await _create(client, auth, duration=90, settings={"panelists_video": False})
    path = f"/v2/webinars/{created['id']}"
    assert (await client.get(path, headers=auth)).json() == created
    assert created["settings"]["panelists_video"] is False
    assert created["settings"]["question_and_answer"]["enable"] is True  # a default kept
    listed = (await client.get("/v2/users/me/webinars", headers=auth)).json()
    assert [w["id"] for w in listed["webinars"]] == [created["id"]]
    assert listed["total_records"] == 1 and listed["page_number"] == 1

    patch = {"topic": "Renamed", "settings": {"hd_video": True}}
    assert (await client.patch(path, headers=auth, json=patch)).status_code == 204
    changed = (await client.get(path, headers=auth)).json()
    assert changed["topic"] == "Renamed"
    assert changed["settings"]["hd_video"] is True
    assert changed["settings"]["panelists_video"] is False  # merged, not replaced

    assert (await client.delete(path, headers=auth)).status_code == 204
    gone = await client.get(path, headers=auth)
    assert gone.status_code == 404
    assert gone.json() == {"code": 3001, "message": f"Webinar does not exist: {created['id']}."}
    names = [e.name for e in events]
    assert names == ["webinar.created", "webinar.updated", "webinar.deleted"]
    assert events[1].object == {"id": created["id"], **patch}
    assert events[0].extra["operator_id"] == created["host_id"]


async def test_upcoming_lists_only_webinars_yet_to_start(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    later = await _create(client, auth)
    await _create(client, auth, start_time="2001-01-01T10:00:00Z")
    upcoming = await client.get("/v2/users/me/webinars", headers=auth, params={"type": "upcoming"})
    assert [w["id"] for w in upcoming.json()["webinars"]] == [later["id"]]
    bad = await client.get("/v2/users/me/webinars", headers=auth, params={"type": "live"})
    assert bad.status_code == 400 and bad.json()["code"] == 300


async def test_a_recurring_webinar_lists_occurrences_and_cancels_one(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    recurrence = {"type": 1, "repeat_interval": 1, "end_times": 3}
    created = await _create(client, auth, type=9, recurrence=recurrence)
    occurrences = created["occurrences"]
    assert len(occurrences) == 3
    path = f"/v2/webinars/{created['id']}"
    first = occurrences[0]["occurrence_id"]
    response = await client.delete(path, headers=auth, params={"occurrence_id": first})
    assert response.status_code == 204
    kept = (await client.get(path, headers=auth)).json()["occurrences"]
    assert [o["status"] for o in kept] == ["deleted", "available", "available"]


async def test_registration_gives_a_link(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    created = await _create(client, auth, settings={"approval_type": 0})
    assert created["registration_url"].startswith("http://emulator.test/webinar/register/")
    path = f"/v2/webinars/{created['id']}"
    await client.patch(path, headers=auth, json={"settings": {"approval_type": 2}})
    assert "registration_url" not in (await client.get(path, headers=auth)).json()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"type": 2}, {"type"}),
        ({"topic": "x" * 201, "duration": -1}, {"topic", "duration"}),
        ({"start_time": "soon"}, {"start_time"}),
        ({"settings": {"approval_type": "x"}}, {"settings.approval_type"}),
    ],
)
async def test_bad_bodies_name_each_field(
    client: httpx.AsyncClient, auth: dict[str, str], body: dict[str, Any], fields: set[str]
) -> None:
    response = await client.post("/v2/users/me/webinars", headers=auth, json=body)
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == fields


async def test_an_unknown_host_is_zoom_error_1001(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post("/v2/users/nobody/webinars", headers=auth, json=WEBINAR)
    assert response.status_code == 404 and response.json()["code"] == 1001


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_a_held_webinar_has_participants_instances_and_events(
    client: httpx.AsyncClient, auth: dict[str, str], events: list[Event]
) -> None:
    webinar, report = await held_webinar(client, auth, participants=7, seed=3)
    assert report["webinar_id"] == webinar["id"] and report["participants_count"] == 7
    by_id = await client.get(f"/v2/past_webinars/{webinar['id']}/participants", headers=auth)
    by_uuid = await client.get(
        f"/v2/past_webinars/{encoded(report['uuid'], 2)}/participants", headers=auth
    )
    assert by_id.json() == by_uuid.json()
    participants = by_id.json()["participants"]
    assert len({p["name"] for p in participants}) == 7
    assert all("@" in p["user_email"] for p in participants)  # attendees registered
    instances = await client.get(f"/v2/past_webinars/{webinar['id']}/instances", headers=auth)
    assert instances.json() == {"webinars": [{"uuid": report["uuid"], "start_time": report["start_time"]}]}  # fmt: skip
    names = [e.name for e in events if e.name.startswith("webinar.")]
    assert names[:2] == ["webinar.created", "webinar.started"]
    assert names[-1] == "webinar.ended"
    assert names.count("webinar.participant_joined") == len(participants)
    assert not [e for e in events if e.name.startswith("meeting.") and "participant" in e.name]
    current = (await client.get(f"/v2/webinars/{webinar['id']}", headers=auth)).json()
    assert current["uuid"] != report["uuid"] and current["status"] == "waiting"
    as_meeting = await client.get(f"/v2/past_meetings/{encoded(report['uuid'])}", headers=auth)
    assert as_meeting.status_code == 404


async def test_a_webinar_never_held_has_no_past(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    created = await _create(client, auth)
    instances = await client.get(f"/v2/past_webinars/{created['id']}/instances", headers=auth)
    assert instances.json() == {"webinars": []}
    missing = await client.get("/v2/past_webinars/12345678901/instances", headers=auth)
    assert missing.status_code == 404 and missing.json()["code"] == 3001
    unknown = await client.post("/_emulator/webinars/12345678901/simulate")
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "Webinar does not exist: 12345678901."
