from __future__ import annotations

import itertools
import random
import re

import pytest

from zoomstack.emulator import generate
from zoomstack.emulator.generate import KINDS, Person, from_recipe, people, script, summary

SPEAKERS = [
    Person("Alice Moreno", "alice@example.com", "u1"),
    Person("Bob Singh", "bob@example.com", "u2"),
    Person("Chen Wei", "chen@example.com", ""),
    Person("Dana Okafor", "dana@example.com", "u4"),
]


def _script(kind: str, seed: int = 11, duration: float = 1500.0) -> generate.Script:
    return script(seed=seed, topic="Weekly sync", speakers=SPEAKERS, duration=duration, kind=kind)


def test_people_are_deterministic_with_distinct_emails() -> None:
    first = people(5, 300)
    assert first == people(5, 300)
    assert first != people(6, 300)
    assert len({p.email for p in first}) == 300
    assert all(re.fullmatch(r"[a-z0-9.]+@zoomstack\.example", p.email) for p in first)
    assert all(len(p.name.split()) >= 2 for p in first)


def test_unique_email_numbers_repeats() -> None:
    taken: set[str] = set()
    emails = [generate.unique_email("Jo Ann.Lee", "x.test", taken) for _ in range(3)]
    assert emails == ["joann.lee@x.test", "joann.lee2@x.test", "joann.lee3@x.test"]


def test_topics_read_like_their_kind() -> None:
    rng = random.Random(3)
    for _ in range(40):
        kind, topic = generate.meeting_topic(rng)
        assert kind in KINDS
        assert generate.kind_for(topic, random.Random(0)) == kind


@pytest.mark.parametrize("kind", KINDS)
def test_same_seed_same_script_and_summary(kind: str) -> None:
    assert _script(kind) == _script(kind)
    assert summary(_script(kind)) == summary(_script(kind))
    assert _script(kind).utterances != _script(kind, seed=12).utterances


@pytest.mark.parametrize("kind", KINDS)
def test_dialogue_is_timed_within_the_meeting(kind: str) -> None:
    said = _script(kind, duration=600)
    times = [(u.start, u.end) for u in said.utterances]
    assert all(0 <= start < end <= 600 for start, end in times)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(times))  # no overlaps
    assert {u.speaker for u in said.utterances} <= set(SPEAKERS)
    assert said.utterances[0].speaker == SPEAKERS[0]  # the host opens
    assert times[-1][1] > 450  # and the talk fills the meeting


def test_short_meetings_are_squeezed_into_their_length() -> None:
    said = script(seed=1, topic="Design review: Audit log", speakers=SPEAKERS, duration=45)
    assert said.kind == "design_review"
    assert said.utterances[-1].end <= 45


def test_dialogue_has_questions_and_disfluencies() -> None:
    words = " ".join(u.text for kind in KINDS for u in _script(kind).utterances)
    assert "?" in words
    assert re.search(r"\b(um|uh|you know)\b", words, re.IGNORECASE)


@pytest.mark.parametrize("kind", KINDS)
def test_summary_restates_the_dialogue(kind: str) -> None:
    said = _script(kind)
    result = summary(said)
    transcript = " ".join(u.text for u in said.utterances)
    assert result["summary_overview"].startswith(SPEAKERS[0].name)
    assert [d["label"] for d in result["summary_details"]] == [s.title for s in said.sections]
    for section in said.sections:
        for decision in section.decisions:
            assert decision in transcript  # said aloud, then reported
        for action in section.actions:
            assert action.owner in {p.name for p in SPEAKERS}
            assert action.sentence in result["next_steps"]
    tasks = [a.task for s in said.sections for a in s.actions]
    assert all(task.lower() in transcript.lower() for task in tasks)
    assert result["summary_content"].startswith("## Quick recap")


def test_some_meetings_have_action_items_like_a_person_will_do_a_thing_by_a_day() -> None:
    steps = [s for seed in range(10) for s in summary(_script("planning", seed=seed))["next_steps"]]
    assert steps
    assert all(re.fullmatch(r"[A-Z][\w' -]+ will [a-z].+\.", s) for s in steps)


def test_recipe_writes_the_same_script_again() -> None:
    said = _script("retro")
    assert from_recipe(said.recipe()) == said


@pytest.mark.parametrize("seed", range(12))
def test_recipe_rebuilds_scripts_whose_kind_was_drawn(seed: int) -> None:
    # A topic naming no kind makes the first build draw one; the rebuild is told it.
    speakers = people(seed, 3)
    first = script(seed=seed, topic=f"t{seed}", speakers=speakers, duration=600)
    again = from_recipe(first.recipe())
    assert again.utterances == first.utterances
    assert again.chat == first.chat
