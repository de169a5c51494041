from __future__ import annotations

from typing import Any

import httpx
import pytest

EVENTS = "/v2/calendars/primary/events"


def _event(start: str, end: str, **extra: Any) -> dict[str, Any]:
    return {"summary": "Sync", "start": {"dateTime": start}, "end": {"dateTime": end}, **extra}


async def _insert(client: httpx.AsyncClient, auth: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    response = await client.post(EVENTS, headers=auth, json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_an_event_reads_back_changes_and_is_cancelled(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    body = _event("2030-01-02T10:00:00Z", "2030-01-02T11:00:00Z", attendees=[{"email": "a@example.com"}])  # fmt: skip
    created = await _insert(client, auth, body)
    path = f"{EVENTS}/{created['id']}"
    got = (await client.get(path, headers=auth)).json()
    assert got["summary"] == "Sync" and got["status"] == "confirmed"
    assert got["attendees"][0]["responseStatus"] == "needsAction"
    assert got["organizer"] == {"email": "owner@zoomstack.example"}
    by_email = await client.get(f"/v2/calendars/owner@zoomstack.example/events/{created['id']}", headers=auth)  # fmt: skip
    assert by_email.json() == got

    moved = await client.patch(path, headers=auth, json={"location": "Room 2"})
    assert moved.status_code == 200
    assert moved.json()["location"] == "Room 2" and moved.json()["summary"] == "Sync"
    assert (await client.get(path, headers=auth)).json()["sequence"] == 1

    assert (await client.delete(path, headers=auth)).status_code == 204
    assert (await client.get(path, headers=auth)).json()["status"] == "cancelled"
    assert (await client.delete(path, headers=auth)).status_code == 404
    listed = (await client.get(EVENTS, headers=auth)).json()["items"]
    assert listed == []
    shown = await client.get(EVENTS, headers=auth, params={"showDeleted": "true"})
    assert [e["id"] for e in shown.json()["items"]] == [created["id"]]


async def test_lists_keep_events_that_overlap_the_window(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    early = await _insert(client, auth, _event("2030-01-02T08:00:00Z", "2030-01-02T09:30:00Z"))
    late = await _insert(client, auth, _event("2030-01-02T12:00:00Z", "2030-01-02T13:00:00Z"))
    await _insert(client, auth, _event("2030-01-03T08:00:00Z", "2030-01-03T09:00:00Z"))
    window = {"timeMin": "2030-01-02T09:00:00Z", "timeMax": "2030-01-02T23:00:00Z"}
    listed = (await client.get(EVENTS, headers=auth, params=window)).json()
    assert [e["id"] for e in listed["items"]] == [early["id"], late["id"]]
    assert listed["kind"] == "calendar#events" and listed["accessRole"] == "owner"


async def test_pages_follow_start_order(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    made = []
    for day in (3, 1, 2):
        body = _event(f"2030-02-0{day}T10:00:00Z", f"2030-02-0{day}T11:00:00Z")
        made.append((await _insert(client, auth, body))["id"])
    seen: list[str] = []
    params = {"maxResults": "2"}
    while True:
        page = (await client.get(EVENTS, headers=auth, params=params)).json()
        seen += [e["id"] for e in page["items"]]
        if not page["nextPageToken"]:
            break
        params["pageToken"] = page["nextPageToken"]
    assert seen == [made[1], made[2], made[0]]


async def test_all_day_events_use_dates(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    body = {"summary": "Offsite", "start": {"date": "2030-04-01"}, "end": {"date": "2030-04-02"}}
    created = await _insert(client, auth, body)
    assert created["start"]["date"] == "2030-04-01"
    listed = await client.get(EVENTS, headers=auth, params={"timeMin": "2030-04-01T12:00:00Z"})
    assert [e["id"] for e in listed.json()["items"]] == [created["id"]]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"summary": "x"}, {"start", "end"}),
        (_event("2030-01-02T10:00:00Z", "2030-01-02T09:00:00Z"), {"end"}),
        ({"start": {"dateTime": "noon"}, "end": {"date": "2030-01-01"}}, {"start"}),
        ({**_event("2030-01-02T10:00:00Z", "2030-01-02T11:00:00Z"), "status": "maybe"}, {"status"}),
    ],
)
async def test_bad_events_name_each_field(
    client: httpx.AsyncClient, auth: dict[str, str], body: dict[str, Any], fields: set[str]
) -> None:
    response = await client.post(EVENTS, headers=auth, json=body)
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == fields


async def test_bad_queries_and_unknown_calendars(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    bad = await client.get(EVENTS, headers=auth, params={"timeMin": "yesterday"})
    assert bad.status_code == 400 and bad.json()["code"] == 300
    unknown = await client.get("/v2/calendars/nobody@example.com/events", headers=auth)
    assert unknown.status_code == 404 and unknown.json()["code"] == 1001
    missing = await client.get(f"{EVENTS}/nope", headers=auth)
    assert missing.json() == {"code": 404, "message": "Event does not exist: nope."}
