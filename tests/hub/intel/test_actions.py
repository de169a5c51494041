from __future__ import annotations

import datetime as dt

import pytest

from zoomstack.hub.intel.actions import action_items, clauses, detect
from zoomstack.hub.intel.text import sentences
from zoomstack.hub.intel.vtt import parse_vtt

from .conftest import MEETING_DATE

SPEAKERS = ["Alice Smith", "Bob Jones", "Carol"]
SPEAKER = "Carol"  # who says each sentence below
NEXT = "Bob Jones"  # who answers it


@pytest.mark.parametrize(
    ("sentence", "owner", "task"),
    [
        ("Alice will send the deck by Friday.", "Alice Smith", "send the deck"),
        ("I'll check with legal tomorrow.", "Carol", "check with legal"),
        ("So yeah, I will email the client.", "Carol", "email the client"),
        ("I'm going to write up the minutes tonight.", "Carol", "write up the minutes"),
        ("I can send it by tomorrow.", "Carol", "send it"),
        ("Bob, can you book the room for Thursday?", "Bob Jones", "book the room"),
        ("Could you please review my pull request by Wednesday?", NEXT, "review my pull request"),
        ("Please send me the numbers.", NEXT, "send me the numbers"),
        (
            "Can you send the slides to the client, Alice?",
            "Alice Smith",
            "send the slides to the client",
        ),
        ("Let me ask finance about the budget.", "Carol", "ask finance about the budget"),
        ("Action item: Carol to update the roadmap.", "Carol", "update the roadmap"),
        (
            "Dan needs to fix the build before the release.",
            "Dan",
            "fix the build before the release",
        ),
        ("We will send the contract to legal by Monday.", None, "send the contract to legal"),
        (
            "Alice and Bob will draft the proposal by the end of the month.",
            "Alice Smith and Bob Jones",
            "draft the proposal",
        ),
        (
            "Um, I'll uh I'll ping the vendor about the invoice.",
            "Carol",
            "ping the vendor about the invoice",
        ),
        (
            "Bob, I need you to sign off on the hiring plan.",
            "Bob Jones",
            "sign off on the hiring plan",
        ),
        ("Alice is going to look into the outage.", "Alice Smith", "look into the outage"),
        ("I'll take care of the customer survey.", "Carol", "take care of the customer survey"),
        ("Someone should update the onboarding wiki.", None, "update the onboarding wiki"),
        ("Remember to submit your timesheets by Friday.", None, "submit your timesheets"),
        ("So I 'll send a mail to Dan and ask him .", "Carol", "send a mail to Dan and ask him"),
        (
            "You have my word that I will work with the regions on a plan.",
            "Carol",
            "work with the regions on a plan",
        ),
    ],
)
def test_action_items(sentence: str, owner: str | None, task: str) -> None:
    found = detect(sentence, SPEAKER, SPEAKERS, NEXT)
    assert found is not None
    assert (found.owner, found.task) == (owner, task)


@pytest.mark.parametrize(
    "sentence",
    [
        "I'll be honest, I don't like it.",
        "It will rain tomorrow.",
        "Sales will increase next quarter.",
        "I think we should use a yellow case.",
        "Alice sent the deck yesterday.",
        "Will you be at the offsite?",
        "If we decide to go, I will book flights.",
        "I won't have time to review it.",
        "I'll explain the user interface now.",
        "We should probably think about the colours.",
        "The meeting will start at ten.",
        "You know, I can do that.",
        "We'll see how it goes.",
        "You're gonna end up with lots of little patches.",
        "Let me just put the top in.",
        "What did you think of the demo?",
        "Anyone can join the call.",
        "Everyone will love the new colours.",
        "Don't forget the weather was awful.",
        "How will you monitor it?",
        "Please, next slide.",
        "We'll now go to Mr. Singh.",
        "So I'll open our meeting.",
        "Can you tell us a bit about the schools?",
        "Could you answer please?",
        "We'll we'll again defer.",
    ],
)
def test_not_action_items(sentence: str) -> None:
    assert detect(sentence, SPEAKER, SPEAKERS, NEXT) is None


def test_a_sentence_with_two_requests_gives_two_items() -> None:
    text = "I'll fix the build by Friday, and Carol, can you update the roadmap by the end of the month?"
    assert clauses(text, "Bob Jones", SPEAKERS) == [
        "I'll fix the build by Friday",
        "Carol, can you update the roadmap by the end of the month?",
    ]


def test_a_list_inside_one_task_is_not_cut() -> None:
    assert clauses("I will buy milk, eggs, and bread.", "Carol", SPEAKERS) == [
        "I will buy milk, eggs, and bread."
    ]


def test_due_phrase_of_the_task_wins_over_another_date_in_the_sentence() -> None:
    found = detect("I was out today so I'll call them tomorrow.", SPEAKER, SPEAKERS)
    assert found is not None
    assert found.due_phrase == "tomorrow"


def test_items_of_a_meeting_with_owners_and_due_dates(standup_vtt: str) -> None:
    transcript = parse_vtt(standup_vtt)
    items = action_items(sentences(transcript), transcript.speakers, MEETING_DATE)
    got = [(i.owner, i.task, i.due_date, i.due_phrase) for i in items]
    assert got == [
        ("Bob Jones", "fix the build", dt.date(2024, 3, 8), "by Friday"),
        ("Carol", "update the roadmap", dt.date(2024, 3, 31), "by the end of the month"),
        ("Alice Smith", "send the deck to the board", dt.date(2024, 3, 12), "next Tuesday"),
    ]
    assert items[2].source.text == "Alice will send the deck to the board next Tuesday."
    assert items[2].source.speaker == "Alice Smith"


def test_without_a_meeting_date_items_keep_only_the_phrase(standup_vtt: str) -> None:
    transcript = parse_vtt(standup_vtt)
    items = action_items(sentences(transcript), transcript.speakers, None)
    assert [i.due_date for i in items] == [None, None, None]
    assert items[0].due_phrase == "by Friday"


def test_request_goes_to_whoever_answers() -> None:
    vtt = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nAlice Smith: Could you send me the logs?\n\n"
        "00:00:03.000 --> 00:00:04.000\nBob Jones: Sure, will do.\n"
    )
    transcript = parse_vtt(vtt)
    items = action_items(sentences(transcript), transcript.speakers, MEETING_DATE)
    assert [(i.owner, i.task) for i in items] == [("Bob Jones", "send me the logs")]
