from __future__ import annotations

import pytest

from zoomstack.hub.scheduling import Attendee, IntentKind, parse_intent

from .conftest import NEW_YORK, NOW, local


def test_schedule_with_attendee_and_time() -> None:
    intent = parse_intent("schedule a meeting with John tomorrow at 2pm", NOW, NEW_YORK)
    assert intent.kind is IntentKind.schedule
    assert intent.when is not None
    assert intent.when.start == local("2025-03-06 14:00")
    assert intent.when.attendees == [Attendee(name="John")]


@pytest.mark.parametrize(
    "text",
    [
        "book a sync with bob@x.com on Monday at 10",
        "can you set up a call with Ann on Friday at 3pm",
        "please arrange a demo tomorrow morning",
        "let's meet Thursday afternoon",
    ],
)
def test_schedule_phrasings(text: str) -> None:
    assert parse_intent(text, NOW, NEW_YORK).kind is IntentKind.schedule


def test_cancel_by_time() -> None:
    intent = parse_intent("cancel my 3pm", NOW, NEW_YORK)
    assert intent.kind is IntentKind.cancel
    assert intent.meeting is not None and intent.meeting.at == local("2025-03-05 15:00")


def test_cancel_by_time_day_and_topic() -> None:
    intent = parse_intent("cancel the 3pm standup tomorrow", NOW, NEW_YORK)
    assert intent.meeting is not None
    assert (intent.meeting.at, intent.meeting.topic) == (local("2025-03-06 15:00"), "standup")


def test_agenda_for_a_day_covers_the_whole_day() -> None:
    intent = parse_intent("what's on tomorrow?", NOW, NEW_YORK)
    assert intent.kind is IntentKind.agenda
    assert intent.window is not None
    assert (intent.window.earliest, intent.window.latest) == (
        local("2025-03-06 00:00"),
        local("2025-03-07 00:00"),
    )


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("what's on my calendar?", "2025-03-05 00:00", "2025-03-06 00:00"),
        ("what do I have next week", "2025-03-10 00:00", "2025-03-15 00:00"),
        ("am I free Friday afternoon?", "2025-03-07 00:00", "2025-03-08 00:00"),
    ],
)
def test_agenda_windows(text: str, earliest: str, latest: str) -> None:
    intent = parse_intent(text, NOW, NEW_YORK)
    assert intent.kind is IntentKind.agenda and intent.window is not None
    assert (intent.window.earliest, intent.window.latest) == (local(earliest), local(latest))


def test_move_by_topic_to_a_new_time() -> None:
    intent = parse_intent("move the design review to Friday 10am", NOW, NEW_YORK)
    assert intent.kind is IntentKind.reschedule
    assert intent.meeting is not None and intent.meeting.topic == "design review"
    assert intent.when is not None and intent.when.start == local("2025-03-07 10:00")


def test_push_by_time() -> None:
    intent = parse_intent("push my 3pm to 4pm", NOW, NEW_YORK)
    assert intent.kind is IntentKind.reschedule
    assert intent.meeting is not None and intent.meeting.at == local("2025-03-05 15:00")
    assert intent.when is not None and intent.when.start == local("2025-03-05 16:00")


def test_summary_of_a_past_meeting_by_day_and_topic() -> None:
    intent = parse_intent("summary of yesterday's standup", NOW, NEW_YORK)
    assert intent.kind is IntentKind.summary
    assert intent.meeting is not None and intent.meeting.topic == "standup"
    assert intent.meeting.window is not None
    assert intent.meeting.window.earliest == local("2025-03-04 00:00")
    assert intent.meeting.window.latest == local("2025-03-05 00:00")


def test_summary_of_a_weekday_looks_back() -> None:
    intent = parse_intent("recap of Monday's planning", NOW, NEW_YORK)
    assert intent.meeting is not None and intent.meeting.window is not None
    assert intent.meeting.window.earliest == local("2025-03-03 00:00")


def test_summary_of_the_last_meeting() -> None:
    intent = parse_intent("recap of the last meeting", NOW, NEW_YORK)
    assert intent.kind is IntentKind.summary
    assert intent.meeting is not None and intent.meeting.which == "last"


@pytest.mark.parametrize(
    ("text", "topic", "which"),
    [
        ("join link for the standup", "standup", None),
        ("zoom link for my next meeting", None, "next"),
    ],
)
def test_join_link(text: str, topic: str | None, which: str | None) -> None:
    intent = parse_intent(text, NOW, NEW_YORK)
    assert intent.kind is IntentKind.join_link
    assert intent.meeting is not None
    assert (intent.meeting.topic, intent.meeting.which) == (topic, which)


# (command, the question asked back starts with)
CLARIFY = [
    ("move it to Friday 10am", "Which meeting should I move?"),
    ("cancel it", "Which meeting should I cancel?"),
    ("cancel the meeting", "Which meeting should I cancel?"),
    ("schedule a call with Ann", "When should I schedule it?"),
    ("book next Friday at 3pm with Bob", "Did you mean Fri Mar 7 3:00PM or Fri Mar 14 3:00PM?"),
    ("reschedule the standup", "When should I move the standup to?"),
    ("move the standup to next Thursday", "Did you mean"),
    ("summary", "Which meeting should I summarize?"),
    ("join link", "Which meeting do you need the join link for?"),
    ("schedule lunch tomorrow at 3pm at 4pm", "I could not tell when"),
    ("what's the weather like", "I can schedule"),
    ("", "I can schedule"),
]


@pytest.mark.parametrize(("text", "question"), CLARIFY)
def test_unclear_commands_ask_back(text: str, question: str) -> None:
    intent = parse_intent(text, NOW, NEW_YORK)
    assert intent.kind is IntentKind.clarify
    assert intent.question is not None and intent.question.startswith(question)
    assert intent.when is None and intent.meeting is None
