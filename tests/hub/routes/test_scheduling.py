"""/api/zoom/enhanced/meetings: scheduling from plain language and quick booking, against
the emulator, with conflicts from hub calendars, imported feeds and Zoom; meetings read,
changed and cancelled with conflict checks; scoping between hub users."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.hub.scheduling.helpers import (
    NEW_YORK,
    NOW,
    at,
    moment,
    named_user,
    zoom_meeting,
    zoom_meetings,
)
from tests.hub.zoomed import Zoomed

SCHEDULE = "/api/zoom/enhanced/meetings/schedule"
QUICK = "/api/zoom/enhanced/meetings/quick-schedule"
MEETINGS = "/api/zoom/enhanced/meetings"
BUSY_MORNING = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:dentist@example.com
SUMMARY:Dentist
DTSTART;TZID=America/New_York:20300307T090000
DTEND;TZID=America/New_York:20300307T110000
END:VEVENT
BEGIN:VEVENT
UID:focus@example.com
SUMMARY:Focus (free)
DTSTART;TZID=America/New_York:20300307T110000
DTEND;TZID=America/New_York:20300307T120000
TRANSP:TRANSPARENT
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
async def alice(zoomed: Zoomed) -> dict[str, str]:
    return await named_user(zoomed.client, "alice@example.com", "Alice Archer")


async def schedule(
    zoomed: Zoomed, headers: dict[str, str], text: str, expect: int, **extra: Any
) -> dict[str, Any]:
    body = {"natural_language": text, "timezone": NEW_YORK, "now": NOW.isoformat(), **extra}
    response = await zoomed.client.post(SCHEDULE, json=body, headers=headers)
    assert response.status_code == expect, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_plain_language_books_in_zoom_and_in_the_hub(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    text = "design review tomorrow at 2pm for 45 minutes with ann@example.com"
    answer = await schedule(zoomed, alice, text, 201)
    assert answer["status"] == "booked" and answer["confidence"] >= 0.8
    assert answer["topic"] == "Design review" and answer["duration_minutes"] == 45
    assert answer["attendees"] == [{"name": None, "email": "ann@example.com"}]
    assert answer["kind"] == "one_on_one" and answer["settings"]["join_before_host"] is True
    meeting = answer["meeting"]
    assert moment(meeting["start_time"]) == at("2030-03-07 14:00")

    in_zoom = await zoom_meeting(zoomed.zoom, meeting["id"])
    assert in_zoom.status_code == 200
    zoom = in_zoom.json()
    assert moment(zoom["start_time"]) == at("2030-03-07 14:00") and zoom["duration"] == 45
    assert zoom["topic"] == "Design review" and zoom["timezone"] == NEW_YORK
    assert zoom["settings"]["meeting_invitees"] == [{"email": "ann@example.com"}]

    copy = await zoomed.client.get(f"/api/meetings/{meeting['id']}", headers=alice)
    assert copy.status_code == 200 and copy.json()["join_url"] == zoom["join_url"]
    read = (await zoomed.client.get(f"{MEETINGS}/{meeting['id']}", headers=alice)).json()
    assert read["attendees"] == [{"name": None, "email": "ann@example.com"}]
    assert read["calendar_event_id"] == answer["calendar_event_id"]


async def test_a_window_is_proposed_with_ranked_slots_and_booked_when_asked(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    text = "team standup tomorrow morning for 30 minutes with alice@x.com and bob@x.com"
    answer = await schedule(zoomed, alice, text, 200)
    assert answer["status"] == "proposed" and answer["meeting"] is None
    assert answer["kind"] == "external" and answer["settings"]["waiting_room"] is True
    proposals = answer["proposals"]
    assert len(proposals) == 3
    confidences = [p["confidence"] for p in proposals]
    assert confidences == sorted(confidences, reverse=True) and confidences[0] < 0.8
    for p in proposals:  # tomorrow morning, within working hours, 30 minutes
        assert at("2030-03-07 09:00") <= moment(p["start"]) < at("2030-03-07 12:00")
        assert (moment(p["end"]) - moment(p["start"])).total_seconds() == 1800
    assert await zoom_meetings(zoomed.zoom) == []

    booked = await schedule(zoomed, alice, text, 201, book=True)
    start = moment(booked["meeting"]["start_time"])
    assert start == moment(proposals[0]["start"])
    zoom = (await zoom_meeting(zoomed.zoom, booked["meeting"]["id"])).json()
    assert zoom["settings"]["waiting_room"] is True
    invited = {i["email"] for i in zoom["settings"]["meeting_invitees"]}
    assert invited == {"alice@x.com", "bob@x.com"}


async def test_a_conflicting_time_is_409_with_the_conflicts_unless_forced(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    first = await schedule(zoomed, alice, "design review tomorrow at 2pm for 1 hour", 201)
    clash = await zoomed.client.post(
        SCHEDULE,
        json={
            "natural_language": "budget call tomorrow at 2:30pm",
            "timezone": NEW_YORK,
            "now": NOW.isoformat(),
        },
        headers=alice,
    )
    assert clash.status_code == 409, clash.text
    error = clash.json()
    assert error["error"] is True and "conflicts with 1 calendar entry" in error["message"]
    (conflict,) = error["details"]["conflicts"]
    assert conflict["title"] == "Design review" and conflict["kind"] == "meeting"
    assert conflict["id"] == str(first["meeting"]["id"])
    assert conflict["attendee"] == "alice@example.com"
    for alternative in error["details"]["alternatives"]:
        start = moment(alternative["start"])
        assert not at("2030-03-07 13:30") < start < at("2030-03-07 15:00")
    assert len(await zoom_meetings(zoomed.zoom)) == 1

    forced = await schedule(zoomed, alice, "budget call tomorrow at 2:30pm", 201, force=True)
    assert forced["proposals"][0]["conflicts"][0]["title"] == "Design review"
    assert len(await zoom_meetings(zoomed.zoom)) == 2


async def test_imported_busy_time_blocks_slots_and_free_time_does_not(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    imported = await zoomed.client.post(
        "/api/calendar/import",
        content=BUSY_MORNING,
        headers={**alice, "content-type": "text/calendar"},
    )
    assert imported.status_code == 200 and imported.json()["created"] == 2
    answer = await schedule(zoomed, alice, "sync tomorrow morning for 30 minutes", 200)
    starts = sorted(moment(p["start"]) for p in answer["proposals"])
    assert starts and starts[0] == at("2030-03-07 11:00")  # the focus block is free time
    assert all(s >= at("2030-03-07 11:00") for s in starts)

    clash = await zoomed.client.post(
        SCHEDULE,
        json={
            "natural_language": "call tomorrow at 10am",
            "timezone": NEW_YORK,
            "now": NOW.isoformat(),
        },
        headers=alice,
    )
    assert clash.status_code == 409
    (conflict,) = clash.json()["details"]["conflicts"]
    assert conflict["title"] == "Dentist" and conflict["source"] == "ics"


async def test_attendees_busy_in_their_hub_calendar_show_as_busy_only(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    bob = await named_user(zoomed.client, "bob@example.com", "Bob Baker")
    secret = {
        "title": "Secret interview",
        "start": "2030-03-07T14:00:00",
        "duration_minutes": 60,
        "timezone": NEW_YORK,
    }
    assert (await zoomed.client.post("/api/calendar/events", json=secret, headers=bob)).is_success
    clash = await zoomed.client.post(
        SCHEDULE,
        json={
            "natural_language": "catch up with Bob tomorrow at 2pm",
            "timezone": NEW_YORK,
            "now": NOW.isoformat(),
        },
        headers=alice,
    )
    assert clash.status_code == 409, clash.text
    (conflict,) = clash.json()["details"]["conflicts"]
    assert conflict["attendee"] == "bob@example.com" and conflict["kind"] == "busy"
    assert conflict["title"] is None and conflict["id"] is None  # nothing of Bob's leaks
    # "Bob" was the hub user Bob Baker: his email was found by name.
    answer = await schedule(zoomed, alice, "catch up with Bob tomorrow at 3pm", 201)
    assert answer["attendees"] == [{"name": "Bob", "email": "bob@example.com"}]
    assert answer["checked"]["bob@example.com"] == ["hub"]


async def test_an_attendees_zoom_meetings_block_their_time(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    made = await zoomed.zoom.post(
        "/v2/users",
        json={"action": "create", "user_info": {"email": "zed@example.com", "type": 1}},
    )
    assert made.status_code == 201, made.text
    theirs = {"topic": "Zed's own", "type": 2, "start_time": "2030-03-07T19:00:00Z", "duration": 30}
    created = await zoomed.zoom.post("/v2/users/zed@example.com/meetings", json=theirs)
    assert created.status_code == 201, created.text
    body = {
        "natural_language": "tomorrow at 2pm",
        "participants": ["zed@example.com", "nobody@elsewhere.org"],
        "timezone": NEW_YORK,
        "now": NOW.isoformat(),
    }
    clash = await zoomed.client.post(SCHEDULE, json=body, headers=alice)
    assert clash.status_code == 409, clash.text
    (conflict,) = clash.json()["details"]["conflicts"]
    assert conflict["attendee"] == "zed@example.com" and conflict["kind"] == "busy"
    proposed = await schedule(
        zoomed, alice, "tomorrow at 2pm", 200, book=False, participants=body["participants"]
    )
    assert proposed["checked"] == {"alice@example.com": ["hub"], "zed@example.com": ["zoom"]}


async def test_a_recurring_meeting_is_booked_as_a_zoom_series_and_shows_each_week(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    answer = await schedule(
        zoomed, alice, "weekly sync every monday at 10am with ann@example.com", 201
    )
    assert answer["recurrence"] == "FREQ=WEEKLY;BYDAY=MO"
    zoom = (await zoom_meeting(zoomed.zoom, answer["meeting"]["id"])).json()
    assert zoom["type"] == 8
    assert zoom["recurrence"]["type"] == 2 and zoom["recurrence"]["weekly_days"] == "2"
    view = await zoomed.client.get(
        f"{MEETINGS}/calendar",
        params={"start_date": "2030-03-10", "end_date": "2030-03-24", "timezone": NEW_YORK},
        headers=alice,
    )
    mondays = [moment(e["start"]) for e in view.json()["entries"]]
    assert mondays == [at("2030-03-11 10:00"), at("2030-03-18 10:00")]
    # A later time that clashes with a later occurrence is found too.
    clash = await zoomed.client.post(
        SCHEDULE,
        json={
            "natural_language": "review on March 18 at 10am",
            "timezone": NEW_YORK,
            "now": NOW.isoformat(),
        },
        headers=alice,
    )
    assert clash.status_code == 409


async def test_unclear_requests_ask_and_book_nothing(zoomed: Zoomed, alice: dict[str, str]) -> None:
    answer = await schedule(zoomed, alice, "meet with ann@example.com", 200)
    assert answer["status"] == "needs_clarification" and answer["meeting"] is None
    assert answer["question"].startswith("When should it be?")
    assert answer["proposals"] and all(moment(p["start"]) >= NOW for p in answer["proposals"])
    unclear = await schedule(zoomed, alice, "call friday or monday at 3pm", 200)
    assert unclear["status"] == "needs_clarification" and "conflicting days" in unclear["question"]
    assert await zoom_meetings(zoomed.zoom) == []


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"timezone": "Mars/Base"}, 422, "unknown time zone"),
        ({"participants": ["not-an-email"]}, 422, "must be email addresses"),
        ({"surprise": 1}, 422, "Extra inputs"),
        ({"duration_hint": 2}, 422, "greater than or equal to 5"),
        ({"natural_language": "board review every year on March 10 at 10am"}, 422, "Zoom cannot"),
    ],
)
async def test_bad_requests_are_4xx(
    zoomed: Zoomed, alice: dict[str, str], body: dict[str, Any], status: int, message: str
) -> None:
    request = {"natural_language": "sync tomorrow at 10am", "now": NOW.isoformat(), **body}
    response = await zoomed.client.post(SCHEDULE, json=request, headers=alice)
    assert response.status_code == status, response.text
    assert message in str(response.json())
    assert await zoom_meetings(zoomed.zoom) == []


async def test_quick_schedule_books_the_earliest_free_time(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    busy = {"title": "Workshop", "start": "2030-03-06T09:00:00", "end": "2030-03-06T12:10:00"}
    created = await zoomed.client.post(
        "/api/calendar/events", json={**busy, "timezone": NEW_YORK}, headers=alice
    )
    assert created.status_code == 201
    body = {
        "topic": "Quick sync",
        "duration_minutes": 20,
        "participants": ["ann@example.com"],
        "timezone": NEW_YORK,
        "earliest": NOW.isoformat(),
    }
    response = await zoomed.client.post(QUICK, json=body, headers=alice)
    assert response.status_code == 201, response.text
    meeting = response.json()["meeting"]
    assert moment(meeting["start_time"]) == at("2030-03-06 12:15")
    zoom = (await zoom_meeting(zoomed.zoom, meeting["id"])).json()
    assert zoom["duration"] == 20 and zoom["topic"] == "Quick sync"


async def test_read_change_and_cancel_a_meeting_with_conflict_checks(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    one = (await schedule(zoomed, alice, "planning tomorrow at 10am with ann@example.com", 201))[
        "meeting"
    ]
    two = (await schedule(zoomed, alice, "retro tomorrow at 11am", 201))["meeting"]
    path = f"{MEETINGS}/{two['id']}"

    onto = {"start_time": "2030-03-07T10:15:00", "timezone": NEW_YORK}
    clash = await zoomed.client.put(path, json=onto, headers=alice)
    assert clash.status_code == 409
    assert [c["title"] for c in clash.json()["details"]["conflicts"]] == ["Planning"]
    forced = await zoomed.client.put(path, json={**onto, "force": True}, headers=alice)
    assert forced.status_code == 200, forced.text
    # Moving within its own time does not clash with itself; a topic alone is not checked.
    again = await zoomed.client.put(
        path, json={"start_time": "2030-03-07T15:00:00", "timezone": NEW_YORK}, headers=alice
    )
    assert again.status_code == 200
    assert moment(again.json()["meeting"]["start_time"]) == at("2030-03-07 15:00")
    nudge = await zoomed.client.put(
        path, json={"start_time": "2030-03-07T15:10:00", "timezone": NEW_YORK}, headers=alice
    )
    assert nudge.status_code == 200
    renamed = await zoomed.client.put(
        f"{MEETINGS}/{one['id']}",
        json={"topic": "Planning v2", "participants": ["ann@example.com", "cy@example.com"]},
        headers=alice,
    )
    assert renamed.status_code == 200
    assert {a["email"] for a in renamed.json()["attendees"]} == {
        "ann@example.com",
        "cy@example.com",
    }
    zoom = (await zoom_meeting(zoomed.zoom, two["id"])).json()
    assert moment(zoom["start_time"]) == at("2030-03-07 15:10")
    zoom_one = (await zoom_meeting(zoomed.zoom, one["id"])).json()
    assert zoom_one["topic"] == "Planning v2"
    assert {i["email"] for i in zoom_one["settings"]["meeting_invitees"]} == {
        "ann@example.com",
        "cy@example.com",
    }

    view = await zoomed.client.get(
        f"{MEETINGS}/calendar",
        params={"start_date": "2030-03-07", "end_date": "2030-03-07", "timezone": NEW_YORK},
        headers=alice,
    )
    assert [(e["title"], moment(e["start"])) for e in view.json()["entries"]] == [
        ("Planning v2", at("2030-03-07 10:00")),
        ("Retro", at("2030-03-07 15:10")),
    ]

    assert (await zoomed.client.delete(path, headers=alice)).status_code == 204
    assert (await zoomed.client.get(path, headers=alice)).status_code == 404
    assert (await zoom_meeting(zoomed.zoom, two["id"])).status_code == 404
    view = await zoomed.client.get(
        f"{MEETINGS}/calendar",
        params={"start_date": "2030-03-07", "end_date": "2030-03-07", "timezone": NEW_YORK},
        headers=alice,
    )
    assert [e["title"] for e in view.json()["entries"]] == ["Planning v2"]


async def test_meetings_are_scoped_to_their_owner(zoomed: Zoomed, alice: dict[str, str]) -> None:
    bob = await zoomed.user("bob@example.com")
    mine = (await schedule(zoomed, alice, "secret planning tomorrow at 10am", 201))["meeting"]
    path = f"{MEETINGS}/{mine['id']}"
    assert (await zoomed.client.get(path, headers=bob)).status_code == 404
    assert (
        await zoomed.client.put(path, json={"topic": "mine now"}, headers=bob)
    ).status_code == 404
    assert (await zoomed.client.delete(path, headers=bob)).status_code == 404
    assert (await zoom_meeting(zoomed.zoom, mine["id"])).json()["topic"] == "Secret planning"
    # Bob's own time is his own: the same hour is free for him...
    await schedule(zoomed, bob, "lunch tomorrow at 10am", 201)
    # ...but inviting Alice shows her as busy, without her meeting's name.
    clash = await zoomed.client.post(
        SCHEDULE,
        json={
            "natural_language": "chat tomorrow at 10:15am",
            "participants": ["alice@example.com"],
            "timezone": NEW_YORK,
            "now": NOW.isoformat(),
            "force": False,
        },
        headers=bob,
    )
    assert clash.status_code == 409
    people = {(c["attendee"], c["title"]) for c in clash.json()["details"]["conflicts"]}
    assert people == {("bob@example.com", "Lunch"), ("alice@example.com", None)}


async def test_without_zoom_proposals_work_and_booking_says_to_connect(
    hub_client: httpx.AsyncClient, make_user: Any
) -> None:
    headers = await make_user("carol@example.com")
    body = {
        "natural_language": "sync tomorrow at 10am",
        "timezone": NEW_YORK,
        "now": NOW.isoformat(),
    }
    proposed = await hub_client.post(SCHEDULE, json={**body, "book": False}, headers=headers)
    assert proposed.status_code == 200 and proposed.json()["proposals"]
    booked = await hub_client.post(SCHEDULE, json=body, headers=headers)
    assert booked.status_code == 409 and "Zoom is not connected" in booked.json()["message"]


async def test_with_a_user_connection_the_organizers_own_zoom_meetings_count(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    made = await zoomed.zoom.post(
        "/v2/users",
        json={"action": "create", "user_info": {"email": "alice@example.com", "type": 1}},
    )
    assert made.status_code == 201, made.text
    await zoomed.connect(alice, login_hint="alice@example.com")
    # Made in Zoom itself, not through the hub: the hub has no copy of it.
    theirs = {"topic": "Made in Zoom", "type": 2, "start_time": "2030-03-07T19:00:00Z"}
    created = await zoomed.zoom.post("/v2/users/alice@example.com/meetings", json=theirs)
    assert created.status_code == 201, created.text
    body = {"natural_language": "tomorrow at 2pm", "timezone": NEW_YORK, "now": NOW.isoformat()}
    clash = await zoomed.client.post(SCHEDULE, json=body, headers=alice)
    assert clash.status_code == 409, clash.text
    (conflict,) = clash.json()["details"]["conflicts"]
    assert (conflict["title"], conflict["source"]) == ("Made in Zoom", "zoom")
    booked = await schedule(zoomed, alice, "tomorrow at 3pm", 201)
    assert booked["checked"] == {"alice@example.com": ["hub", "zoom"]}
    # Booked as Alice herself in Zoom, not as the account's owner.
    assert [m["topic"] for m in await zoom_meetings(zoomed.zoom, "alice@example.com")] == [
        "Made in Zoom",
        "Meeting",
    ]
