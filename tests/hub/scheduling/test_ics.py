"""Reading and writing iCalendar files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.hub.scheduling.conftest import NEW_YORK, local
from zoomstack.hub.scheduling.drafts import EventDraft
from zoomstack.hub.scheduling.ics import IcsError, read_ics, write_ics
from zoomstack.hub.scheduling.model import Attendee

TEAM_ICS = (Path(__file__).parent / "data" / "team.ics").read_bytes()


def test_reads_times_zones_recurrence_attendees_and_transparency() -> None:
    reading = read_ics(TEAM_ICS, "UTC")
    events = {(e.uid, e.recurrence_id): e for e in reading.events}
    planning = events[("planning-1@example.com", "")]
    assert (planning.start, planning.end) == (local("2025-03-06 10:00"), local("2025-03-06 11:30"))
    assert planning.timezone == NEW_YORK
    assert planning.attendees == (
        Attendee(email="ann@example.com", name="Ann Lee"),
        Attendee(email="bob@example.com"),
    )
    assert planning.organizer == "pat@example.com"
    sync = events[("weekly-sync@example.com", "")]
    assert sync.rrule == "FREQ=WEEKLY;COUNT=6;BYDAY=MO"
    assert sync.end - sync.start == local("2025-03-03 15:45") - local("2025-03-03 15:00")
    assert sync.exdates == (local("2025-03-17 15:00"),)
    moved = events[("weekly-sync@example.com", "2025-03-24T19:00:00+00:00")]
    assert moved.start == local("2025-03-25 16:00")
    assert events[("focus@example.com", "")].busy is False
    assert reading.cancelled == ["dropped@example.com"]
    assert [s.uid for s in reading.skipped] == ["broken@example.com"]


def test_all_day_and_floating_times_are_read_in_the_zone_asked_for() -> None:
    offsite = next(e for e in read_ics(TEAM_ICS, "Europe/Berlin").events if e.all_day)
    assert offsite.start == datetime(2025, 3, 6, 23, tzinfo=UTC)
    assert offsite.timezone == "Europe/Berlin"
    floating = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20250306T090000\r\n"
        b"DTEND:20250306T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (event,) = read_ics(floating, NEW_YORK).events
    assert event.start == local("2025-03-06 09:00")
    with_zone = floating.replace(b"BEGIN:VEVENT", b"X-WR-TIMEZONE:Asia/Tokyo\r\nBEGIN:VEVENT")
    (event,) = read_ics(with_zone, NEW_YORK).events
    assert event.start == datetime(2025, 3, 6, tzinfo=UTC)


def test_an_event_without_uid_gets_a_stable_one() -> None:
    body = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART:20250306T090000Z\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    first, second = read_ics(body, "UTC").events[0], read_ics(body, "UTC").events[0]
    assert first.uid == second.uid and first.uid.endswith("@import")


@pytest.mark.parametrize("body", [b"nonsense", b"\xff\xfe\x00", b"BEGIN:VEVENT\r\nEND:VEVENT\r\n"])
def test_what_is_not_icalendar_is_refused(body: bytes) -> None:
    with pytest.raises(IcsError):
        read_ics(body, "UTC")


def test_write_then_read_gives_the_same_events() -> None:
    draft = EventDraft(
        uid="x@y",
        title="Review",
        start=local("2025-03-10 10:00"),
        end=local("2025-03-10 11:00"),
        timezone=NEW_YORK,
        rrule="FREQ=WEEKLY;COUNT=4;BYDAY=MO",
        exdates=(local("2025-03-17 10:00"),),
        attendees=(Attendee(email="ann@example.com", name="Ann"), Attendee(name="John")),
        url="https://zoom.example/j/1",
        busy=False,
    )
    body = write_ics([draft], name="test", stamp=datetime(2025, 3, 1, tzinfo=UTC))
    assert b"BEGIN:VTIMEZONE" in body and b"TZID:America/New_York" in body
    (back,) = read_ics(body, "UTC").events
    # A name-only attendee has no address to write: it stays in the hub.
    assert back == draft.model_copy(update={"attendees": draft.attendees[:1]})
