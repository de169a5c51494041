"""Calendar routes: iCalendar import and export, feeds, hub events, and scoping between users."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from tests.hub.conftest import MakeUser
from zoomstack.hub.scheduling.ics import read_ics

TEAM_ICS = (Path(__file__).parents[1] / "scheduling" / "data" / "team.ics").read_bytes()
NEW_YORK = "America/New_York"
ICS = {"content-type": "text/calendar"}


async def import_ics(
    client: httpx.AsyncClient, headers: dict[str, str], body: bytes, name: str = "team"
) -> dict[str, Any]:
    response = await client.post(
        "/api/calendar/import",
        params={"name": name, "timezone": NEW_YORK},
        content=body,
        headers={**headers, **ICS},
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _key(event: Any) -> tuple[Any, ...]:
    return (
        event.uid,
        event.recurrence_id,
        event.title,
        event.start.astimezone(UTC),
        event.end.astimezone(UTC),
        event.all_day,
        event.rrule,
        tuple(d.astimezone(UTC) for d in event.exdates),
        tuple((a.email, a.name) for a in event.attendees),
        event.organizer,
        event.busy,
        event.location,
        event.description,
    )


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_import_then_export_round_trips_the_events(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    answer = await import_ics(hub_client, alice, TEAM_ICS)
    assert answer["created"] == 5 and answer["updated"] == 0 and answer["removed"] == 0
    assert answer["feed"]["name"] == "team" and answer["feed"]["event_count"] == 5
    assert answer["skipped"] == [{"uid": "broken@example.com", "reason": "No DTSTART given."}]
    assert answer["cancelled"] == ["dropped@example.com"]

    exported = await hub_client.get("/api/calendar.ics", headers=alice)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(exported.content)
    assert {str(tz["TZID"]) for tz in calendar.timezones} >= {NEW_YORK}

    sent = read_ics(TEAM_ICS, NEW_YORK).events
    back = read_ics(exported.content, NEW_YORK).events
    assert sorted(map(_key, back)) == sorted(map(_key, sent))


async def test_importing_a_feed_again_updates_adds_and_removes(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    await import_ics(hub_client, alice, TEAM_ICS)
    changed = (
        TEAM_ICS.replace(b"SUMMARY:Sprint planning", b"SUMMARY:Sprint planning II")
        .replace(b"UID:offsite@example.com", b"UID:offsite-2@example.com")
        .replace(b"STATUS:CANCELLED", b"STATUS:CONFIRMED")
    )
    answer = await import_ics(hub_client, alice, changed)
    # planning, sync, its moved occurrence, focus updated; offsite-2 and dropped are new.
    assert (answer["created"], answer["updated"], answer["removed"]) == (2, 4, 1)
    feeds = (await hub_client.get("/api/calendar/feeds", headers=alice)).json()["feeds"]
    assert [(f["name"], f["event_count"]) for f in feeds] == [("team", 6)]
    exported = read_ics((await hub_client.get("/api/calendar.ics", headers=alice)).content, "UTC")
    titles = {e.uid: e.title for e in exported.events}
    assert titles["planning-1@example.com"] == "Sprint planning II"
    assert "offsite@example.com" not in titles and "dropped@example.com" in titles


async def test_import_takes_a_multipart_file(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await hub_client.post(
        "/api/calendar/import",
        params={"name": "upload"},
        files={"file": ("team.ics", TEAM_ICS, "text/calendar")},
        headers=alice,
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty"),
        (b"hello, this is not a calendar", "not an iCalendar file"),
        (b"BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n", "no VCALENDAR"),
    ],
)
async def test_import_refuses_what_is_not_icalendar(
    hub_client: httpx.AsyncClient, alice: dict[str, str], body: bytes, message: str
) -> None:
    response = await hub_client.post("/api/calendar/import", content=body, headers={**alice, **ICS})
    assert response.status_code == 400
    error = response.json()
    assert error["error"] is True and error["status_code"] == 400
    assert message in error["message"]


async def test_import_refuses_an_unknown_zone_and_a_file_too_large(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await hub_client.post(
        "/api/calendar/import",
        params={"timezone": "Mars/Olympus"},
        content=TEAM_ICS,
        headers={**alice, **ICS},
    )
    assert response.status_code == 400 and "unknown time zone" in response.json()["message"]
    huge = TEAM_ICS + b"X" * (5 * 1024 * 1024)
    response = await hub_client.post("/api/calendar/import", content=huge, headers={**alice, **ICS})
    assert response.status_code == 413


async def test_exported_hub_events_are_not_taken_over_by_a_reimport(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    event = {"title": "Lunch", "start": "2025-03-06T12:00:00", "duration_minutes": 60}
    created = await hub_client.post(
        "/api/calendar/events", json={**event, "timezone": NEW_YORK}, headers=alice
    )
    assert created.status_code == 201, created.text
    exported = (await hub_client.get("/api/calendar.ics", headers=alice)).content
    answer = await import_ics(hub_client, alice, exported, name="mine")
    assert answer["created"] == 0
    assert answer["skipped"] == [
        {"uid": created.json()["uid"], "reason": "already on the calendar as a hub event"}
    ]
    again = await hub_client.get(f"/api/calendar/events/{created.json()['id']}", headers=alice)
    assert again.json()["source"] == "hub"


async def test_hub_event_create_read_replace_delete(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    body = {
        "title": "1:1 with Ann",
        "start": "2025-03-10T09:00:00",
        "end": "2025-03-10T09:30:00",
        "timezone": NEW_YORK,
        "rrule": "RRULE:FREQ=WEEKLY;UNTIL=20250331",
        "attendees": [{"email": "Ann@Example.com", "name": "Ann Lee"}],
    }
    created = await hub_client.post("/api/calendar/events", json=body, headers=alice)
    assert created.status_code == 201, created.text
    event = created.json()
    assert event["source"] == "hub" and event["organizer"] == "alice@example.com"
    assert datetime.fromisoformat(event["start"]) == datetime(2025, 3, 10, 13, tzinfo=UTC)
    assert event["rrule"] == "FREQ=WEEKLY;UNTIL=20250401T035959Z"
    assert event["attendees"] == [{"name": "Ann Lee", "email": "ann@example.com"}]

    path = f"/api/calendar/events/{event['id']}"
    replaced = await hub_client.put(
        path, json={**body, "title": "1:1", "rrule": None}, headers=alice
    )
    assert replaced.status_code == 200 and replaced.json()["title"] == "1:1"
    assert replaced.json()["rrule"] is None and replaced.json()["uid"] == event["uid"]
    assert (await hub_client.delete(path, headers=alice)).status_code == 204
    assert (await hub_client.get(path, headers=alice)).status_code == 404


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"end": "2025-03-10T08:00:00"}, "end must be after start"),
        ({"rrule": "FREQ=SOMETIMES"}, "unreadable recurrence rule"),
        ({"timezone": "Nowhere/Land"}, "unknown time zone"),
        ({"end": None}, "give either end or duration_minutes"),
        ({"attendees": [{}]}, "an attendee needs an email or a name"),
    ],
)
async def test_hub_event_bad_input_is_422(
    hub_client: httpx.AsyncClient, alice: dict[str, str], change: dict[str, Any], where: str
) -> None:
    body = {"title": "x", "start": "2025-03-10T09:00:00", "end": "2025-03-10T09:30:00"}
    response = await hub_client.post("/api/calendar/events", json={**body, **change}, headers=alice)
    assert response.status_code == 422, response.text
    assert where in str(response.json())


async def test_imported_events_are_changed_in_their_source_only(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    await import_ics(hub_client, alice, TEAM_ICS)
    exported = read_ics((await hub_client.get("/api/calendar.ics", headers=alice)).content, "UTC")
    assert exported.events
    feeds = (await hub_client.get("/api/calendar/feeds", headers=alice)).json()["feeds"]
    # An imported event can be read, but not replaced or deleted on its own.
    view = await hub_client.get(
        "/api/zoom/enhanced/meetings/calendar",
        params={"start_date": "2025-03-06", "end_date": "2025-03-06", "timezone": NEW_YORK},
        headers=alice,
    )
    event_id = next(e["id"] for e in view.json()["entries"] if e["title"] == "Sprint planning")
    path = f"/api/calendar/events/{event_id}"
    assert (await hub_client.get(path, headers=alice)).json()["source"] == "ics"
    response = await hub_client.delete(path, headers=alice)
    assert response.status_code == 409 and "imported calendar" in response.json()["message"]
    # Removing the feed removes its events.
    feed = f"/api/calendar/feeds/{feeds[0]['id']}"
    assert (await hub_client.delete(feed, headers=alice)).status_code == 204
    assert (await hub_client.get(path, headers=alice)).status_code == 404
    left = read_ics((await hub_client.get("/api/calendar.ics", headers=alice)).content, "UTC")
    assert left.events == []


async def test_users_see_only_their_own_calendar(
    hub_client: httpx.AsyncClient, alice: dict[str, str], make_user: MakeUser
) -> None:
    bob = await make_user("bob@example.com")
    await import_ics(hub_client, alice, TEAM_ICS)
    body = {"title": "Private", "start": "2025-03-06T12:00:00Z", "duration_minutes": 30}
    event = (await hub_client.post("/api/calendar/events", json=body, headers=alice)).json()
    path = f"/api/calendar/events/{event['id']}"
    assert (await hub_client.get(path, headers=bob)).status_code == 404
    assert (await hub_client.put(path, json=body, headers=bob)).status_code == 404
    assert (await hub_client.delete(path, headers=bob)).status_code == 404
    assert (await hub_client.get(path, headers=alice)).status_code == 200

    bobs = read_ics((await hub_client.get("/api/calendar.ics", headers=bob)).content, "UTC")
    assert bobs.events == []
    assert (await hub_client.get("/api/calendar/feeds", headers=bob)).json()["feeds"] == []
    feed_id = (await hub_client.get("/api/calendar/feeds", headers=alice)).json()["feeds"][0]["id"]
    gone = await hub_client.delete(f"/api/calendar/feeds/{feed_id}", headers=bob)
    assert gone.status_code == 404
    # The same UID imported by another user is that user's own event.
    assert (await import_ics(hub_client, bob, TEAM_ICS))["created"] == 5


async def test_calendar_routes_need_a_login(hub_client: httpx.AsyncClient) -> None:
    assert (await hub_client.get("/api/calendar.ics")).status_code == 401
    response = await hub_client.post("/api/calendar/import", content=TEAM_ICS, headers=ICS)
    assert response.status_code == 401
