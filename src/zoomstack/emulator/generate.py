"""Deterministic meeting content from a seed: people, topics, dialogue and its summary.

Everything here is a pure function of its arguments: the same seed gives the same
people, the same words at the same times, and the same summary. The dialogue is
written in `dialogue.py`, which records each beat in reported speech as it is said;
the summary is assembled from that record, so it states what the transcript says.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from faker import Faker

from . import dialogue
from . import phrases as p
from .dialogue import ActionItem, ChatMessage, Person, Section, Utterance, lower, title

__all__ = [
    "KINDS",
    "ActionItem",
    "ChatMessage",
    "Person",
    "Script",
    "Section",
    "Utterance",
    "from_recipe",
    "kind_for",
    "lower",
    "meeting_topic",
    "people",
    "script",
    "subject_for",
    "summary",
    "title",
    "unique_email",
]

KINDS = tuple(p.KIND_LABELS)


@cache
def _faker() -> Faker:
    return Faker("en_US")


def people(seed: int, count: int, *, domain: str = "zoomstack.example") -> list[Person]:
    """`count` people with Faker names and distinct emails at `domain`."""
    fake = _faker()
    fake.seed_instance(seed)
    taken: set[str] = set()
    found: list[Person] = []
    for _ in range(count):
        first, last = fake.first_name(), fake.last_name()
        found.append(Person(f"{first} {last}", unique_email(f"{first}.{last}", domain, taken)))
    return found


def unique_email(local: str, domain: str, taken: set[str]) -> str:
    """`local@domain`, numbered when already in `taken` (which it joins)."""
    base = re.sub(r"[^a-z0-9.]", "", local.lower()) or "user"
    email, n = f"{base}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{base}{n}@{domain}"
    taken.add(email)
    return email


def meeting_topic(rng: random.Random) -> tuple[str, str]:
    """A meeting kind and a topic that reads like one."""
    kind = rng.choice(KINDS)
    template = rng.choice(p.TOPICS[kind])
    topic = template.format(
        team=rng.choice(p.TEAMS),
        Feature=title(rng.choice(p.FEATURES)),
        sprint=rng.randint(12, 60),
        quarter=rng.randint(1, 4),
    )
    return kind, topic


def kind_for(topic: str, rng: random.Random) -> str:
    lowered = topic.lower()
    for kind, words in p.KIND_KEYWORDS.items():
        if any(word in lowered for word in words):
            return kind
    return rng.choice(KINDS)


def subject_for(topic: str, rng: random.Random) -> str:
    lowered = topic.lower()
    for feature in p.FEATURES:
        if title(feature).lower() in lowered:
            return feature
    return rng.choice(p.FEATURES)


# -- what was said -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Script:
    seed: int
    kind: str
    topic: str
    subject: str
    speakers: tuple[Person, ...]
    duration: float
    utterances: tuple[Utterance, ...]
    chat: tuple[ChatMessage, ...]
    sections: tuple[Section, ...]

    @property
    def host(self) -> Person:
        return self.speakers[0]

    def recipe(self) -> dict[str, Any]:
        """What `from_recipe` needs to write this script again, word for word."""
        return {
            "seed": self.seed,
            "kind": self.kind,
            "topic": self.topic,
            "duration": self.duration,
            "speakers": [
                {"name": s.name, "email": s.email, "user_id": s.user_id} for s in self.speakers
            ],
        }


def from_recipe(recipe: dict[str, Any]) -> Script:
    speakers = [
        Person(str(s["name"]), str(s["email"]), str(s["user_id"])) for s in recipe["speakers"]
    ]
    return script(
        seed=int(recipe["seed"]),
        topic=str(recipe["topic"]),
        speakers=speakers,
        duration=float(recipe["duration"]),
        kind=str(recipe["kind"]),
    )


def script(
    *, seed: int, topic: str, speakers: Sequence[Person], duration: float, kind: str | None = None
) -> Script:
    """What a meeting of `duration` seconds sounded like; `speakers[0]` is the host."""
    rng = random.Random(seed)
    # Always draw, then prefer the given kind: a script rebuilt from its recipe (which
    # names the kind) must consume the same random numbers as the first build did.
    drawn = kind_for(topic, rng)
    kind = kind if kind in KINDS else drawn
    subject = subject_for(topic, rng)
    said = dialogue.write(rng, kind, subject, speakers, duration)
    return Script(
        seed=seed,
        kind=kind,
        topic=topic,
        subject=subject,
        speakers=tuple(speakers),
        duration=duration,
        utterances=said.utterances,
        chat=said.chat,
        sections=said.sections,
    )


# -- the summary ---------------------------------------------------------------------


def summary(script: Script) -> dict[str, Any]:
    """Zoom's meeting summary fields, assembled from what the dialogue recorded."""
    details = [
        {"label": section.title, "summary": _section_summary(section)}
        for section in script.sections
    ]
    next_steps = [a.sentence for s in script.sections for a in s.actions]
    overview = _overview(script)
    return {
        "summary_title": script.topic,
        "summary_overview": overview,
        "summary_details": details,
        "next_steps": next_steps,
        "summary_content": _markdown(overview, details, next_steps),
    }


def _section_summary(section: Section) -> str:
    sentences = [*section.points[:3]]
    sentences += [f"The team decided to {decision}." for decision in section.decisions]
    sentences += [action.sentence for action in section.actions]
    return " ".join(sentences) or "This was discussed briefly."


_OVERVIEWS = {
    "standup": "{host} ran the stand-up, with updates on {covered}.",
    "design_review": "{host} led a design review of {subject}, covering {covered}.",
    "planning": "{host} led a planning session on {covered}.",
    "retro": "{host} led a retrospective covering {covered}.",
}


def _overview(script: Script) -> str:
    titles = [lower(s.title) for s in script.sections]
    if script.kind == "standup":
        titles = [t.removesuffix(" progress") for t in titles]
    elif script.kind == "planning":
        titles = [t.removesuffix(" scope") for t in titles]
    covered = titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"
    text = _OVERVIEWS[script.kind].format(
        host=script.host.name, subject=script.subject.removeprefix("the "), covered=covered
    )
    decisions = [d for s in script.sections for d in s.decisions]
    if decisions:
        text += f" The team decided to {decisions[0]}."
    actions = sum(len(s.actions) for s in script.sections)
    if actions:
        text += f" {actions} action item{'s' if actions > 1 else ''} came out of the meeting."
    return text


def _markdown(overview: str, details: list[dict[str, str]], next_steps: list[str]) -> str:
    parts = ["## Quick recap", overview, "## Next steps"]
    parts.append("\n".join(f"- {step}" for step in next_steps) or "- None.")
    parts.append("## Summary")
    for item in details:
        parts += [f"### {item['label']}", item["summary"]]
    return "\n\n".join(parts) + "\n"
