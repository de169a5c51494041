"""/api/zoom/enhanced/chat: commands do what they say through the scheduling services,
against the emulator; unclear ones get a question and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

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
from zoomstack.hub.db.meeting_models import InsightStatus, Meeting, MeetingInsight
from zoomstack.hub.db.models import Recording

CHAT = "/api/zoom/enhanced/chat"
SCHEDULE = "/api/zoom/enhanced/meetings/schedule"


@pytest.fixture
async def alice(zoomed: Zoomed) -> dict[str, str]:
    return await named_user(zoomed.client, "alice@example.com", "Alice Archer")


async def say(
    zoomed: Zoomed, headers: dict[str, str], command: str, **extra: Any
) -> dict[str, Any]:
    body = {"command": command, "timezone": NEW_YORK, "now": NOW.isoformat(), **extra}
    response = await zoomed.client.post(f"{CHAT}/commands", json=body, headers=headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def book(zoomed: Zoomed, headers: dict[str, str], text: str) -> dict[str, Any]:
    body = {"natural_language": text, "timezone": NEW_YORK, "now": NOW.isoformat(), "force": True}
    response = await zoomed.client.post(SCHEDULE, json=body, headers=headers)
    assert response.status_code == 201, response.text
    meeting: dict[str, Any] = response.json()["meeting"]
    return meeting


async def topics(zoomed: Zoomed) -> list[str]:
    return sorted(m["topic"] for m in await zoom_meetings(zoomed.zoom))


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_schedule_a_meeting_with_a_named_colleague(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    await named_user(zoomed.client, "john@example.com", "John Smith")
    answer = await say(zoomed, alice, "schedule a meeting with John tomorrow at 2pm")
    assert (answer["intent"], answer["action"]) == ("schedule", "booked")
    assert answer["reply"] == "Booked Meeting with John on Thu Mar 7, 2:00 PM."
    meeting = answer["meeting"]
    zoom = (await zoom_meeting(zoomed.zoom, meeting["id"])).json()
    assert moment(zoom["start_time"]) == at("2030-03-07 14:00")
    assert zoom["settings"]["meeting_invitees"] == [{"email": "john@example.com"}]


async def test_cancel_my_3pm(zoomed: Zoomed, alice: dict[str, str]) -> None:
    three = await book(zoomed, alice, "retro today at 3pm")
    await book(zoomed, alice, "planning tomorrow at 3pm")
    answer = await say(zoomed, alice, "cancel my 3pm")
    assert (answer["intent"], answer["action"]) == ("cancel", "cancelled")
    assert answer["reply"] == "Cancelled Retro (Wed Mar 6, 3:00 PM)."
    assert (await zoom_meeting(zoomed.zoom, three["id"])).status_code == 404
    assert await topics(zoomed) == ["Planning"]
    nothing = await say(zoomed, alice, "cancel my 4pm")
    assert nothing["action"] == "not_found" and await topics(zoomed) == ["Planning"]


async def test_whats_on_tomorrow(zoomed: Zoomed, alice: dict[str, str]) -> None:
    await book(zoomed, alice, "design review tomorrow at 2pm")
    await book(zoomed, alice, "retro today at 4pm")
    event = {"title": "Dentist", "start": "2030-03-07T09:00:00", "duration_minutes": 60}
    made = await zoomed.client.post(
        "/api/calendar/events", json={**event, "timezone": NEW_YORK}, headers=alice
    )
    assert made.status_code == 201
    answer = await say(zoomed, alice, "what's on tomorrow?")
    assert (answer["intent"], answer["action"]) == ("agenda", "listed")
    assert [e["title"] for e in answer["entries"]] == ["Dentist", "Design review"]
    assert answer["reply"] == (
        "2 things for Thursday Mar 7: Dentist (Thu Mar 7, 9:00 AM); "
        "Design review (Thu Mar 7, 2:00 PM)."
    )
    empty = await say(zoomed, alice, "what's on next Tuesday?")
    assert empty["entries"] == [] and empty["reply"].startswith("Nothing on your calendar")


async def test_move_the_design_review_to_friday_10am(zoomed: Zoomed, alice: dict[str, str]) -> None:
    review = await book(zoomed, alice, "design review tomorrow at 2pm for 45 minutes")
    await book(zoomed, alice, "budget call friday at 10:30am")
    clash = await say(zoomed, alice, "move the design review to Friday 10am")
    assert (clash["intent"], clash["action"]) == ("reschedule", "conflict")
    assert [c["title"] for c in clash["conflicts"]] == ["Budget call"]
    assert all(not p["conflicts"] for p in clash["proposals"])
    zoom = (await zoom_meeting(zoomed.zoom, review["id"])).json()
    assert moment(zoom["start_time"]) == at("2030-03-07 14:00")  # not moved

    moved = await say(zoomed, alice, "move the design review to Friday 9am")
    assert (moved["action"], moved["reply"]) == (
        "moved",
        "Moved Design review to Fri Mar 8, 9:00 AM.",
    )
    zoom = (await zoom_meeting(zoomed.zoom, review["id"])).json()
    assert moment(zoom["start_time"]) == at("2030-03-08 09:00") and zoom["duration"] == 45
    forced = await say(zoomed, alice, "move the design review to Friday 10am", force=True)
    assert forced["action"] == "moved"


async def _past_standup(zoomed: Zoomed, owner_email: str, overview: str) -> str:
    """A standup held yesterday, kept by the hub with its transcript's insights."""
    user_id = await zoomed.user_id(owner_email)
    async with zoomed.hub.db.sessions() as session:
        session.add(
            Meeting(
                user_id=user_id,
                zoom_id="81234567890",
                topic="Team standup",
                start_time=at("2030-03-05 09:30").astimezone(UTC),
                duration=15,
                status="ended",
                join_url="https://zoom.example/j/81234567890",
            )
        )
        transcript = Recording(
            user_id=user_id,
            meeting_id="81234567890",
            file_name="standup.vtt",
            file_type="TRANSCRIPT",
            meeting_start=at("2030-03-05 09:30").astimezone(UTC),
        )
        session.add(transcript)
        await session.flush()
        insights = {"summary": {"overview": overview, "key_points": []}, "action_items": []}
        session.add(
            MeetingInsight(
                user_id=user_id,
                recording_id=transcript.recording_id,
                meeting_id="81234567890",
                status=InsightStatus.done,
                attempts=1,
                insights=insights,
            )
        )
        await session.commit()
    return "81234567890"


async def test_summary_of_yesterdays_standup(zoomed: Zoomed, alice: dict[str, str]) -> None:
    meeting_id = await _past_standup(zoomed, "alice@example.com", "We shipped the importer.")
    await book(zoomed, alice, "standup tomorrow at 9:30am")  # a later one is not "yesterday's"
    answer = await say(zoomed, alice, "summary of yesterday's standup")
    assert (answer["intent"], answer["action"]) == ("summary", "summary")
    assert answer["meeting"]["id"] == int(meeting_id)
    assert answer["summary"]["status"] == "done"
    assert "We shipped the importer." in answer["reply"]
    none = await say(zoomed, alice, "summary of Monday's standup")
    assert none["action"] == "not_found"


async def test_join_link_for_the_standup(zoomed: Zoomed, alice: dict[str, str]) -> None:
    standup = await book(zoomed, alice, "team standup tomorrow at 9:30am")
    await book(zoomed, alice, "design review tomorrow at 2pm")
    answer = await say(zoomed, alice, "join link for the standup")
    assert (answer["intent"], answer["action"]) == ("join_link", "join_link")
    zoom = (await zoom_meeting(zoomed.zoom, standup["id"])).json()
    assert answer["join_url"] == zoom["join_url"] and zoom["join_url"] in answer["reply"]


@pytest.mark.parametrize(
    ("command", "question"),
    [
        ("cancel it", "Which meeting should I cancel?"),
        ("move the meeting to 3pm", "Which meeting should I move?"),
        ("hello there", "I can schedule, move or cancel a meeting"),
        ("schedule lunch with ann@example.com tomorrow", "Free:"),
    ],
)
async def test_unclear_commands_get_a_question_and_change_nothing(
    zoomed: Zoomed, alice: dict[str, str], command: str, question: str
) -> None:
    await book(zoomed, alice, "retro tomorrow at 3pm")
    answer = await say(zoomed, alice, command)
    assert answer["action"] == "clarify" and question in answer["question"]
    assert answer["reply"] == answer["question"] and answer["meeting"] is None
    assert await topics(zoomed) == ["Retro"]


async def test_moving_a_meeting_two_match_asks_which(zoomed: Zoomed, alice: dict[str, str]) -> None:
    await book(zoomed, alice, "design review tomorrow at 2pm")
    await book(zoomed, alice, "design review friday at 11am")
    answer = await say(zoomed, alice, "move the design review to Friday 10am")
    assert answer["action"] == "clarify"
    assert answer["question"] == (
        "Which meeting should I move: Design review (Thu Mar 7, 2:00 PM); "
        "Design review (Fri Mar 8, 11:00 AM)?"
    )
    assert [moment(e["start"]) for e in answer["entries"]] == [
        at("2030-03-07 14:00"),
        at("2030-03-08 11:00"),
    ]
    starts = sorted(moment(m["start_time"]) for m in await zoom_meetings(zoomed.zoom))
    assert starts == [at("2030-03-07 14:00"), at("2030-03-08 11:00")]


async def test_one_occurrence_of_a_series_is_not_cancelled_on_a_guess(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    await book(zoomed, alice, "sync every monday at 10am")
    answer = await say(zoomed, alice, "cancel my 10am on Monday")
    assert answer["action"] == "clarify" and "repeats" in answer["question"]
    assert await topics(zoomed) == ["Sync"]


async def test_meeting_status_by_words_and_by_id(zoomed: Zoomed, alice: dict[str, str]) -> None:
    standup = await book(zoomed, alice, "team standup tomorrow at 9:30am")
    body: dict[str, Any] = {"meeting": "the standup", "timezone": NEW_YORK, "now": NOW.isoformat()}
    answer = (await zoomed.client.post(f"{CHAT}/meeting-status", json=body, headers=alice)).json()
    assert answer["action"] == "status"
    assert answer["reply"] == "Team standup has not started; it is set for Thu Mar 7, 9:30 AM."

    async with zoomed.hub.db.sessions() as session:
        copy = await session.scalar(select(Meeting).where(Meeting.zoom_id == str(standup["id"])))
        assert copy is not None
        copy.status, copy.started_at = "started", datetime(2030, 3, 7, 14, 31, tzinfo=UTC)
        await session.commit()
    by_id = {"meeting_id": str(standup["id"]), "timezone": NEW_YORK}
    answer = (await zoomed.client.post(f"{CHAT}/meeting-status", json=by_id, headers=alice)).json()
    assert answer["reply"] == "Team standup is in progress since Thu Mar 7, 9:31 AM."
    # Zoom says it has not started: asking Zoom first gives its word.
    fresh = {**by_id, "refresh": True}
    answer = (await zoomed.client.post(f"{CHAT}/meeting-status", json=fresh, headers=alice)).json()
    assert answer["reply"].startswith("Team standup has not started")

    vague = {"meeting": "it", "timezone": NEW_YORK}
    answer = (await zoomed.client.post(f"{CHAT}/meeting-status", json=vague, headers=alice)).json()
    assert answer["action"] == "clarify"
    both = {"meeting": "the standup", "meeting_id": "1"}
    bad = await zoomed.client.post(f"{CHAT}/meeting-status", json=both, headers=alice)
    assert bad.status_code == 422


async def test_join_meeting_by_words_and_by_id_for_its_owner_only(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    standup = await book(zoomed, alice, "team standup tomorrow at 9:30am")
    join_url = (await zoom_meeting(zoomed.zoom, standup["id"])).json()["join_url"]
    body = {"meeting": "standup", "timezone": NEW_YORK, "now": NOW.isoformat()}
    answer = (await zoomed.client.post(f"{CHAT}/join-meeting", json=body, headers=alice)).json()
    assert (answer["action"], answer["join_url"]) == ("join_link", join_url)
    by_id = {"meeting_id": str(standup["id"])}
    answer = (await zoomed.client.post(f"{CHAT}/join-meeting", json=by_id, headers=alice)).json()
    assert answer["join_url"] == join_url

    bob = await zoomed.user("bob@example.com")
    theirs = await zoomed.client.post(f"{CHAT}/join-meeting", json=by_id, headers=bob)
    assert theirs.status_code == 404
    answer = (await zoomed.client.post(f"{CHAT}/join-meeting", json=body, headers=bob)).json()
    assert answer["action"] == "not_found" and answer["join_url"] is None


async def test_commands_act_on_the_callers_meetings_only(
    zoomed: Zoomed, alice: dict[str, str]
) -> None:
    await book(zoomed, alice, "retro today at 3pm")
    bob = await zoomed.user("bob@example.com")
    assert (await say(zoomed, bob, "cancel my 3pm"))["action"] == "not_found"
    assert (await say(zoomed, bob, "what's on today?"))["entries"] == []
    assert (await say(zoomed, bob, "join link for the retro"))["action"] == "not_found"
    assert await topics(zoomed) == ["Retro"]


async def test_chat_needs_a_login_and_a_command(zoomed: Zoomed, alice: dict[str, str]) -> None:
    assert (await zoomed.client.post(f"{CHAT}/commands", json={"command": "hi"})).status_code == 401
    empty = await zoomed.client.post(f"{CHAT}/commands", json={"command": ""}, headers=alice)
    assert empty.status_code == 422
    zone = await zoomed.client.post(
        f"{CHAT}/commands", json={"command": "hi", "timezone": "Atlantis"}, headers=alice
    )
    assert zone.status_code == 422
