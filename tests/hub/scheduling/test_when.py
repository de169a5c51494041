from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zoomstack.hub.scheduling import Attendee, WhenInputError, parse_when

from .conftest import NEW_YORK, NOW, local

# (phrase, start, end) read from Wednesday 2025-03-05 09:00 New York.
EXACT = [
    ("the day after tomorrow at noon for an hour", "2025-03-07 12:00", "2025-03-07 13:00"),
    ("move it to Friday 10am", "2025-03-07 10:00", "2025-03-07 10:30"),
    ("tomorrow 2-3pm", "2025-03-06 14:00", "2025-03-06 15:00"),
    ("tomorrow from 2 to 4pm", "2025-03-06 14:00", "2025-03-06 16:00"),
    ("Thursday between 1 and 2:30pm", "2025-03-06 13:00", "2025-03-06 14:30"),
    ("tomorrow 11-1", "2025-03-06 11:00", "2025-03-06 13:00"),
    ("tomorrow 10am-12", "2025-03-06 10:00", "2025-03-06 12:00"),
    ("sync 10 to 11 on Friday", "2025-03-07 10:00", "2025-03-07 11:00"),
    ("call at 4", "2025-03-05 16:00", "2025-03-05 16:30"),
    ("call at 10", "2025-03-05 10:00", "2025-03-05 10:30"),
    ("call at 8", "2025-03-06 08:00", "2025-03-06 08:30"),
    ("in two hours", "2025-03-05 11:00", "2025-03-05 11:30"),
    ("in 45 minutes", "2025-03-05 09:45", "2025-03-05 10:15"),
    ("in half an hour", "2025-03-05 09:30", "2025-03-05 10:00"),
    ("in an hour and a half", "2025-03-05 10:30", "2025-03-05 11:00"),
    ("2 hours from now", "2025-03-05 11:00", "2025-03-05 11:30"),
    ("in 3 days at 10am", "2025-03-08 10:00", "2025-03-08 10:30"),
    ("Monday 9am for 90 minutes", "2025-03-10 09:00", "2025-03-10 10:30"),
    ("tomorrow at 9 for 1.5 hours", "2025-03-06 09:00", "2025-03-06 10:30"),
    ("standup tomorrow 9:15 for 15 min", "2025-03-06 09:15", "2025-03-06 09:30"),
    ("a 45-minute review on Friday at 2pm", "2025-03-07 14:00", "2025-03-07 14:45"),
    ("half-hour chat tomorrow at 11", "2025-03-06 11:00", "2025-03-06 11:30"),
    ("tomorrow at 1pm for an hour and a half", "2025-03-06 13:00", "2025-03-06 14:30"),
    ("tomorrow 3pm for 1 hour 30 minutes", "2025-03-06 15:00", "2025-03-06 16:30"),
    ("March 20 at 2pm", "2025-03-20 14:00", "2025-03-20 14:30"),
    ("on 3/12 at 11", "2025-03-12 11:00", "2025-03-12 11:30"),
    ("Friday, March 14 at 9am", "2025-03-14 09:00", "2025-03-14 09:30"),
    ("Jan 2 at 10am", "2026-01-02 10:00", "2026-01-02 10:30"),
    ("this Friday at 11am", "2025-03-07 11:00", "2025-03-07 11:30"),
    ("next Monday at 1pm", "2025-03-10 13:00", "2025-03-10 13:30"),
    ("next week Monday 10am", "2025-03-10 10:00", "2025-03-10 10:30"),
    ("Tuesday next week at 4pm", "2025-03-11 16:00", "2025-03-11 16:30"),
    ("half past two tomorrow", "2025-03-06 14:30", "2025-03-06 15:00"),
    ("quarter to three tomorrow", "2025-03-06 14:45", "2025-03-06 15:15"),
    ("tomorrow at 9.30am", "2025-03-06 09:30", "2025-03-06 10:00"),
    ("tomorrow at 5 o'clock", "2025-03-06 17:00", "2025-03-06 17:30"),
    ("tomorrow at 3 p.m.", "2025-03-06 15:00", "2025-03-06 15:30"),
    ("tomorrow at 14:30", "2025-03-06 14:30", "2025-03-06 15:00"),
    ("noon tomorrow", "2025-03-06 12:00", "2025-03-06 12:30"),
    ("this evening at 8", "2025-03-05 20:00", "2025-03-05 20:30"),
    ("tomorrow morning at 9", "2025-03-06 09:00", "2025-03-06 09:30"),
    ("on the 12th at 3pm", "2025-03-12 15:00", "2025-03-12 15:30"),
    ("sync on Tuesday the 11th at 3pm", "2025-03-11 15:00", "2025-03-11 15:30"),
]


@pytest.mark.parametrize(("text", "start", "end"), EXACT)
def test_exact_times(text: str, start: str, end: str) -> None:
    found = parse_when(text, NOW, NEW_YORK)
    assert not found.ambiguous, found.reason
    assert (found.start, found.end) == (local(start), local(end))
    assert found.window is None


# (phrase, earliest, latest) for phrases that give only a day or a part of one.
WINDOWS = [
    ("team standup tomorrow morning", "2025-03-06 08:00", "2025-03-06 12:00"),
    ("sometime Thursday afternoon", "2025-03-06 12:00", "2025-03-06 17:00"),
    ("lunch with Bob on the 7th", "2025-03-07 11:30", "2025-03-07 14:00"),
    ("tomorrow evening", "2025-03-06 17:00", "2025-03-06 21:00"),
    ("tonight", "2025-03-05 18:00", "2025-03-05 22:00"),
    ("this afternoon", "2025-03-05 12:00", "2025-03-05 17:00"),
    ("on Thursday", "2025-03-06 09:00", "2025-03-06 17:00"),
    ("end of day tomorrow", "2025-03-06 16:00", "2025-03-06 18:00"),
    ("next week", "2025-03-10 09:00", "2025-03-14 17:00"),
    ("in 3 days", "2025-03-08 09:00", "2025-03-08 17:00"),
    ("morning", "2025-03-05 09:00", "2025-03-05 12:00"),
    ("later today", "2025-03-05 09:00", "2025-03-05 17:00"),
]


@pytest.mark.parametrize(("text", "earliest", "latest"), WINDOWS)
def test_windows(text: str, earliest: str, latest: str) -> None:
    found = parse_when(text, NOW, NEW_YORK)
    assert not found.ambiguous, found.reason
    assert found.window is not None and found.start is None
    assert (found.window.earliest, found.window.latest) == (local(earliest), local(latest))


def test_a_window_already_begun_starts_now() -> None:
    found = parse_when("this morning", NOW.replace(hour=10, minute=20), NEW_YORK)
    assert found.window is not None
    assert found.window.earliest == local("2025-03-05 10:20")


def test_a_part_of_day_that_has_passed_moves_to_tomorrow() -> None:
    found = parse_when("afternoon", NOW.replace(hour=18), NEW_YORK)
    assert found.window is not None
    assert found.window.earliest == local("2025-03-06 12:00")


# (phrase, minutes, explicit)
DURATIONS = [
    ("standup tomorrow at 9", 30, False),
    ("lunch tomorrow", 60, False),
    ("dinner with Kenji tomorrow", 90, False),
    ("tomorrow at 9 for 20 minutes", 20, True),
    ("tomorrow at 9 for 2h", 120, True),
    ("tomorrow at 9 for about an hour", 60, True),
    ("tomorrow 9-11am", 120, True),
    ("an hour-long review tomorrow at 2", 60, True),
]


@pytest.mark.parametrize(("text", "minutes", "explicit"), DURATIONS)
def test_durations(text: str, minutes: int, explicit: bool) -> None:
    found = parse_when(text, NOW, NEW_YORK)
    assert (found.duration_minutes, found.duration_explicit) == (minutes, explicit)


# (phrase, reason starts with)
AMBIGUOUS = [
    ("next Friday at 3pm", '"next Friday" may mean'),
    ("meeting with Bob", "missing time"),
    ("", "missing time"),
    ("tomorrow at 3pm or 4pm", "several times"),
    ("Thursday March 14 at 2", "conflicting days"),
    ("tomorrow morning at 3pm", "conflicting times"),
    ("Monday 10am, Tuesday 11am", "conflicting days"),
    ("tomorrow at 3pm at 4pm", "conflicting times"),
    ("in two hours on Friday", "conflicting times"),
    ("tomorrow 10-11am for 30 minutes", "conflicting lengths"),
    ("yesterday at 3pm", "that time has already passed"),
    ("today at 8am", "that time has already passed"),
]


@pytest.mark.parametrize(("text", "reason"), AMBIGUOUS)
def test_ambiguous(text: str, reason: str) -> None:
    found = parse_when(text, NOW, NEW_YORK)
    assert found.ambiguous
    assert found.reason is not None and found.reason.startswith(reason)
    assert found.start is None and found.window is None
    assert found.confidence <= 0.2


def test_next_weekday_early_in_the_week_offers_both_readings() -> None:
    found = parse_when("next Friday at 3pm", NOW, NEW_YORK)
    starts = [c.earliest for c in found.candidates]
    assert starts == [local("2025-03-07 15:00"), local("2025-03-14 15:00")]


def test_next_weekday_that_falls_in_next_week_is_not_ambiguous() -> None:
    saturday = NOW.replace(day=8)
    found = parse_when("next Friday at 3pm", saturday, NEW_YORK)
    assert found.start == local("2025-03-14 15:00")


def test_next_weekday_said_on_that_weekday_is_a_week_later() -> None:
    friday = NOW.replace(day=7)
    assert parse_when("next Friday at 3pm", friday, NEW_YORK).start == local("2025-03-14 15:00")


def test_a_bare_weekday_whose_time_passed_today_is_next_week() -> None:
    assert parse_when("Wednesday at 8am", NOW, NEW_YORK).start == local("2025-03-12 08:00")


def test_or_offers_each_time_as_a_candidate() -> None:
    found = parse_when("tomorrow at 3pm or 4pm", NOW, NEW_YORK)
    assert [c.earliest for c in found.candidates] == [
        local("2025-03-06 15:00"),
        local("2025-03-06 16:00"),
    ]


# (phrase, rrule, first start)
RECURRING = [
    ("every other Tuesday at 3pm", "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "2025-03-11 15:00"),
    ("weekly on Mon and Wed at 9", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE", "2025-03-10 09:00"),
    ("daily standup at 9:30", "RRULE:FREQ=DAILY", "2025-03-05 09:30"),
    ("every weekday at 10am", "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2025-03-05 10:00"),
    ("monthly on the 1st at 10am", "RRULE:FREQ=MONTHLY;BYMONTHDAY=1", "2025-04-01 10:00"),
    ("biweekly on Thursday at 4pm", "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "2025-03-06 16:00"),
    ("weekly sync Fridays 11am", "RRULE:FREQ=WEEKLY;BYDAY=FR", "2025-03-07 11:00"),
    ("every Tuesday and Thursday 2-3pm", "RRULE:FREQ=WEEKLY;BYDAY=TU,TH", "2025-03-06 14:00"),
    ("every first Monday of the month at 9am", "RRULE:FREQ=MONTHLY;BYDAY=1MO", "2025-04-07 09:00"),
    ("standup every morning at 9", "RRULE:FREQ=DAILY", "2025-03-06 09:00"),
    ("every day at noon for 15 minutes", "RRULE:FREQ=DAILY", "2025-03-05 12:00"),
    ("on Mondays at 10", "RRULE:FREQ=WEEKLY;BYDAY=MO", "2025-03-10 10:00"),
    ("every month on the 20th at 10am", "RRULE:FREQ=MONTHLY;BYMONTHDAY=20", "2025-03-20 10:00"),
    ("every week on Thursday at 2pm", "RRULE:FREQ=WEEKLY;BYDAY=TH", "2025-03-06 14:00"),
    ("every Monday at 10 for 4 times", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4", "2025-03-10 10:00"),
    (
        "every Monday at 10 until April 14",
        "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20250415T035959Z",
        "2025-03-10 10:00",
    ),
]


@pytest.mark.parametrize(("text", "rrule", "start"), RECURRING)
def test_recurrence(text: str, rrule: str, start: str) -> None:
    found = parse_when(text, NOW, NEW_YORK)
    assert (found.rrule, found.start) == (rrule, local(start))


def test_recurrence_without_a_time_gives_a_window_on_the_first_day() -> None:
    found = parse_when("every Monday", NOW, NEW_YORK)
    assert found.rrule == "RRULE:FREQ=WEEKLY;BYDAY=MO"
    assert found.window is not None
    assert found.window.earliest == local("2025-03-10 09:00")


def test_attendees_by_email_and_name() -> None:
    found = parse_when(
        "team standup tomorrow morning for 30 minutes with alice@x.com and bob@x.com", NOW, NEW_YORK
    )
    assert found.attendees == [Attendee(email="alice@x.com"), Attendee(email="bob@x.com")]
    assert found.topic == "team standup"
    assert found.duration_minutes == 30


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("lunch with Bob on the 7th", ["Bob"]),
        ("Q3 planning tomorrow at 3 with Carol Diaz and Dan", ["Carol Diaz", "Dan"]),
        ("sync with Ann, Ben and Cy on Friday", ["Ann", "Ben", "Cy"]),
        ("call with Bob Friday at 2", ["Bob"]),
        ("review with the design team tomorrow", []),
    ],
)
def test_attendee_names(text: str, names: list[str]) -> None:
    assert [a.name for a in parse_when(text, NOW, NEW_YORK).attendees] == names


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("lunch with Bob on the 7th", "lunch"),
        ("schedule a meeting with John tomorrow at 2pm", None),
        ("sometime Thursday afternoon", None),
        ("Q3 planning tomorrow at 3", "Q3 planning"),
        ("1:1 with Sam on 3/12 at 11", "1:1"),
        ("please book the design review for Friday at 10am", "design review"),
    ],
)
def test_topic(text: str, topic: str | None) -> None:
    assert parse_when(text, NOW, NEW_YORK).topic == topic


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("next week Monday 10-11am PST", datetime(2025, 3, 10, 17, 0, tzinfo=ZoneInfo("UTC"))),
        ("tomorrow at 9am Berlin time", datetime(2025, 3, 6, 8, 0, tzinfo=ZoneInfo("UTC"))),
        ("tomorrow 3pm UTC", datetime(2025, 3, 6, 15, 0, tzinfo=ZoneInfo("UTC"))),
        ("Thursday 5pm PT", datetime(2025, 3, 7, 1, 0, tzinfo=ZoneInfo("UTC"))),
        ("tomorrow at 10am London time", datetime(2025, 3, 6, 10, 0, tzinfo=ZoneInfo("UTC"))),
    ],
)
def test_named_zones(text: str, start: datetime) -> None:
    found = parse_when(text, NOW, NEW_YORK)
    assert found.start == start
    assert found.start is not None and found.start.tzinfo == ZoneInfo(NEW_YORK)


def test_answers_are_in_the_callers_zone() -> None:
    found = parse_when("tomorrow at 9am", NOW, "Europe/Berlin")
    assert found.timezone == "Europe/Berlin"
    assert found.start == local("2025-03-06 09:00", "Europe/Berlin")


class TestDaylightSaving:
    def test_wall_clock_keeps_across_the_change(self) -> None:
        found = parse_when("Monday at 9am", NOW, NEW_YORK)
        assert (
            found.start is not None
            and found.start.utcoffset() == local("2025-03-10 09:00").utcoffset()
        )
        assert found.start.isoformat() == "2025-03-10T09:00:00-04:00"

    def test_a_time_in_the_gap_moves_forward(self) -> None:
        found = parse_when("Sunday March 9 at 2:30am", NOW, NEW_YORK)
        assert found.start is not None and found.start.isoformat() == "2025-03-09T03:30:00-04:00"

    def test_a_length_across_the_change_is_real_time(self) -> None:
        found = parse_when("Saturday 11pm for 4 hours", NOW, NEW_YORK)
        assert found.end is not None and found.end.isoformat() == "2025-03-09T04:00:00-04:00"

    def test_an_offset_across_the_change_is_real_time(self) -> None:
        saturday_noon = local("2025-03-08 12:00")
        found = parse_when("in 24 hours", saturday_noon, NEW_YORK)
        assert found.start is not None and found.start.isoformat() == "2025-03-09T13:00:00-04:00"

    def test_autumn_change_in_europe(self) -> None:
        saturday = local("2025-10-25 12:00", "Europe/Berlin")
        found = parse_when("tomorrow at 9am", saturday, "Europe/Berlin")
        assert found.start is not None and found.start.isoformat() == "2025-10-26T09:00:00+01:00"

    def test_recurrence_keeps_wall_clock(self) -> None:
        found = parse_when("every day at 9am", local("2025-03-08 10:00"), NEW_YORK)
        assert found.start is not None and found.start.isoformat() == "2025-03-09T09:00:00-04:00"


class TestConfidence:
    def test_exact_is_surer_than_a_window(self) -> None:
        exact = parse_when("Friday at 10am", NOW, NEW_YORK).confidence
        part = parse_when("Friday morning", NOW, NEW_YORK).confidence
        day = parse_when("Friday", NOW, NEW_YORK).confidence
        week = parse_when("next week", NOW, NEW_YORK).confidence
        assert exact > part > day > week

    def test_an_assumed_am_pm_lowers_it(self) -> None:
        assert (
            parse_when("Friday at 4", NOW, NEW_YORK).confidence
            < parse_when("Friday at 4pm", NOW, NEW_YORK).confidence
        )

    def test_ambiguous_is_low(self) -> None:
        assert parse_when("next Friday", NOW, NEW_YORK).confidence <= 0.2


class TestPast:
    def test_a_bare_weekday_is_the_latest_one(self) -> None:
        found = parse_when("Monday at 10am", NOW, NEW_YORK, past=True)
        assert found.start == local("2025-03-03 10:00")

    def test_yesterday_is_allowed(self) -> None:
        found = parse_when("yesterday", NOW, NEW_YORK, past=True)
        assert found.window is not None and found.window.earliest == local("2025-03-04 09:00")

    def test_a_time_later_today_is_yesterdays(self) -> None:
        assert parse_when("at 3pm", NOW, NEW_YORK, past=True).start == local("2025-03-04 15:00")


class TestBadInput:
    def test_naive_now(self) -> None:
        with pytest.raises(WhenInputError, match="timezone-aware"):
            parse_when("tomorrow", datetime(2025, 3, 5, 9), NEW_YORK)

    def test_unknown_zone(self) -> None:
        with pytest.raises(WhenInputError, match="unknown time zone"):
            parse_when("tomorrow", NOW, "Mars/Olympus")

    def test_text_not_a_string(self) -> None:
        with pytest.raises(WhenInputError, match="text must be a string"):
            parse_when(42, NOW, NEW_YORK)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text: str) -> None:
    found = parse_when(text, NOW, NEW_YORK)
    assert found.ambiguous or found.start is not None or found.window is not None
    assert 0.0 <= found.confidence <= 1.0


SCHEDULING_WORDS = [
    "tomorrow",
    "next",
    "every",
    "other",
    "Friday",
    "at",
    "3",
    "pm",
    "10-11am",
    "for",
    "an",
    "hour",
    "with",
    "Bob",
    "and",
    "bob@x.com",
    "PST",
    "in",
    "two",
    "hours",
    "the",
    "5th",
    "morning",
    "lunch",
    "weekly",
    "on",
    "Mon",
    "until",
    "April",
    "30",
    "or",
    "noon",
    ":",
    "-",
    ",",
    "12",
    "31",
    "1:1",
    "Q3",
    "sometime",
    "half",
    "past",
    "quarter",
    "to",
    "o'clock",
]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(SCHEDULING_WORDS),
        max_size=12,
    )
)
def test_never_raises_on_scheduling_words(words: list[str]) -> None:
    found = parse_when(" ".join(words), NOW, NEW_YORK)
    assert found.ambiguous or found.start is not None or found.window is not None
