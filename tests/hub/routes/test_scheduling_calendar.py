"""GET /api/zoom/enhanced/meetings/calendar: events and meetings in a span, per user."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from tests.hub.conftest import MakeUser
from zoomstack.hub.db.calendar_models import CalendarEvent, EventSource
from zoomstack.hub.db.meeting_models import Meeting, MeetingStatus
from zoomstack.hub.state import Hub

TEAM_ICS = (Path(__file__).parents[1] / "scheduling" / "data" / "team.ics").read_bytes()
NEW_YORK = "America/New_York"
VIEW = "/api/zoom/enhanced/meetings/calendar"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def user_id(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    me: dict[str, Any] = (await client.get("/users/me", headers=headers)).json()
    return str(me["id"])


async def add_meeting(hub: Hub, owner: str, zoom_id: str, **fields: Any) -> None:
    values: dict[str, Any] = {"topic": f"Meeting {zoom_id}", "duration": 30, "type": 2}
    values.update(fields)
    async with hub.db.sessions() as session:
        session.add(
            Meeting(user_id=owner, zoom_id=zoom_id, join_url=f"https://z/j/{zoom_id}", **values)
        )
        await session.commit()


async def view(
    client: httpx.AsyncClient, headers: dict[str, str], start: str, end: str
) -> list[dict[str, Any]]:
    params = {"start_date": start, "end_date": end, "timezone": NEW_YORK}
    response = await client.get(VIEW, params=params, headers=headers)
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()["entries"]
    return entries


def brief(entry: dict[str, Any]) -> tuple[str, str, datetime]:
    return entry["kind"], entry["title"], datetime.fromisoformat(entry["start"]).astimezone(UTC)


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_view_holds_events_and_meetings_in_range(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str]
) -> None:
    response = await hub_client.post(
        "/api/calendar/import",
        params={"timezone": NEW_YORK},
        content=TEAM_ICS,
        headers={**alice, "content-type": "text/calendar"},
    )
    assert response.status_code == 200
    owner = await user_id(hub_client, alice)
    await add_meeting(hub, owner, "111", topic="Design review", start_time=utc("2025-03-06 18:00"))
    await add_meeting(hub, owner, "222", start_time=utc("2025-03-06 20:00"), status="deleted")
    await add_meeting(hub, owner, "333", start_time=utc("2025-03-20 18:00"))
    occurrences = [
        {"occurrence_id": "1", "start_time": "2025-03-04T14:00:00Z", "duration": 15},
        {"occurrence_id": "2", "start_time": "2025-03-05T14:00:00Z", "duration": 15},
        {"occurrence_id": "3", "start_time": "2025-03-06T14:00:00Z", "status": "deleted"},
    ]
    await add_meeting(
        hub,
        owner,
        "444",
        topic="Standup",
        type=8,
        start_time=utc("2025-03-04 14:00"),
        zoom={"occurrences": occurrences},
    )

    entries = await view(hub_client, alice, "2025-03-03", "2025-03-06")
    assert [brief(e) for e in entries] == [
        ("event", "Weekly sync", utc("2025-03-03 20:00")),
        ("meeting", "Standup", utc("2025-03-04 14:00")),
        ("meeting", "Standup", utc("2025-03-05 14:00")),
        ("event", "Sprint planning", utc("2025-03-06 15:00")),
        ("meeting", "Design review", utc("2025-03-06 18:00")),
        ("event", "Focus time", utc("2025-03-06 19:00")),
    ]
    design = entries[4]
    assert design["id"] == "111" and design["join_url"] == "https://z/j/111"
    assert design["status"] == "waiting" and design["start"].endswith("-05:00")
    assert entries[5]["busy"] is False

    later = await view(hub_client, alice, "2025-03-17", "2025-03-25")
    assert [brief(e) for e in later] == [
        ("meeting", "Meeting 333", utc("2025-03-20 18:00")),
        ("event", "Weekly sync (moved)", utc("2025-03-25 20:00")),
    ]


async def test_a_meeting_entry_lends_attendees_and_the_meeting_wins_on_time(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str]
) -> None:
    owner = await user_id(hub_client, alice)
    await add_meeting(
        hub, owner, "555", topic="Moved elsewhere", start_time=utc("2025-03-06 17:00")
    )
    async with hub.db.sessions() as session:
        session.add(
            CalendarEvent(
                user_id=owner,
                source=EventSource.zoom,
                uid="zoom-555@zoomstack.hub",
                title="Old title",
                start_at=utc("2025-03-06 15:00"),
                end_at=utc("2025-03-06 15:30"),
                last_end_at=utc("2025-03-06 15:30"),
                attendees=[{"email": "ann@example.com"}],
                meeting_id="555",
            )
        )
        await session.commit()
    entries = await view(hub_client, alice, "2025-03-06", "2025-03-06")
    assert [brief(e) for e in entries] == [("meeting", "Moved elsewhere", utc("2025-03-06 17:00"))]
    assert entries[0]["attendees"] == [{"name": None, "email": "ann@example.com"}]
    async with hub.db.sessions() as session:
        meeting = await session.get(Meeting, (await _meeting_pk(hub, "555")))
        assert meeting is not None
        meeting.status = MeetingStatus.deleted
        await session.commit()
    assert await view(hub_client, alice, "2025-03-06", "2025-03-06") == []


async def _meeting_pk(hub: Hub, zoom_id: str) -> str:
    async with hub.db.sessions() as session:
        found = await session.scalar(select(Meeting.id).where(Meeting.zoom_id == zoom_id))
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start_date": "yesterday"}, "dates or ISO datetimes"),
        ({"start_date": "2025-03-06", "end_date": "2025-03-01"}, "must not be before"),
        ({"start_date": "2025-01-01", "end_date": "2026-06-01"}, "at most 366 days"),
        ({"timezone": "Moon/Base"}, "unknown time zone"),
    ],
)
async def test_bad_spans_are_400(
    hub_client: httpx.AsyncClient, alice: dict[str, str], params: dict[str, str], message: str
) -> None:
    response = await hub_client.get(VIEW, params=params, headers=alice)
    assert response.status_code == 400
    assert message in response.json()["message"]


async def test_view_defaults_to_a_week_from_today_and_datetimes_work(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await hub_client.get(VIEW, headers=alice)
    assert response.status_code == 200
    body = response.json()
    span = datetime.fromisoformat(body["end"]) - datetime.fromisoformat(body["start"])
    assert span.days == 7 and body["timezone"] == "UTC"
    params = {"start_date": "2025-03-06T09:00:00", "end_date": "2025-03-06T10:00:00+00:00"}
    body = (await hub_client.get(VIEW, params=params, headers=alice)).json()
    assert body["start"] == "2025-03-06T09:00:00Z" and body["end"] == "2025-03-06T10:00:00Z"


async def test_view_shows_only_the_callers_calendar(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str], make_user: MakeUser
) -> None:
    bob = await make_user("bob@example.com")
    owner = await user_id(hub_client, alice)
    await add_meeting(hub, owner, "777", start_time=utc("2025-03-06 18:00"))
    body = {"title": "Alice only", "start": "2025-03-06T12:00:00Z", "duration_minutes": 30}
    assert (await hub_client.post("/api/calendar/events", json=body, headers=alice)).is_success
    assert len(await view(hub_client, alice, "2025-03-06", "2025-03-06")) == 2
    assert await view(hub_client, bob, "2025-03-06", "2025-03-06") == []
