"""Deterministic meeting content from a seed: people, topics, dialogue and its summary.

Everything here is a pure function of its arguments: the same seed gives the same
people, the same words at the same times, and the same summary. Dialogue is built
from beats (an update, a question and its answer, a decision, an action item) that
are said aloud with everyday disfluencies and, at the same time, recorded in
reported speech; the summary is assembled from that record, so it states what the
transcript says.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from faker import Faker

from . import phrases as p

KINDS = tuple(p.KIND_LABELS)
_CHUNK_WORDS = 24  # longest cue, in words, before a turn is split across cues
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_FIRST_WORD = re.compile(r"[\s,']")


@cache
def _faker() -> Faker:
    return Faker("en_US")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    email: str = ""
    user_id: str = ""  # the account user's id; "" for a guest

    @property
    def first(self) -> str:
        return self.name.split()[0]


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


def title(phrase: str) -> str:
    """ "the billing service" -> "Billing service"."""
    text = phrase.removeprefix("the ")
    return text[:1].upper() + text[1:]


def lower(phrase: str) -> str:
    """ "Billing service" -> "billing service", but "API design" stays as it is."""
    if phrase[1:2].isupper():
        return phrase
    return phrase[:1].lower() + phrase[1:]


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
class Utterance:
    speaker: Person
    text: str
    start: float  # seconds from the start of the recording
    end: float


@dataclass(frozen=True, slots=True)
class ChatMessage:
    sender: Person
    text: str
    at: float


@dataclass(frozen=True, slots=True)
class ActionItem:
    owner: str
    task: str
    due: str

    @property
    def sentence(self) -> str:
        return f"{self.owner} will {self.task} {self.due}."


@dataclass(slots=True)
class Section:
    title: str
    points: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)


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


class _Slots(dict[str, str]):
    """Slot values for one line, drawn on first use so a pair of lines shares them."""

    def __init__(self, rng: random.Random, **known: str) -> None:
        super().__init__(known)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        if key == "ticket":
            value = str(self.rng.randint(100, 9999))
        elif key == "slug":
            value = (
                f"{self.rng.choice(p.TEAMS).lower().replace(' ', '-')}-{self.rng.randint(10, 99)}"
            )
        else:
            value = self.rng.choice(p.SLOTS[key])
            if "{" in value:
                value = value.format_map(self)
        self[key] = value
        return value


class _Talk:
    """The dialogue as it is written: who says what, when, and what it amounts to."""

    def __init__(self, rng: random.Random, speakers: tuple[Person, ...], duration: float) -> None:
        self.rng = rng
        self.speakers = speakers
        self.duration = duration
        self.clock = rng.uniform(1.0, 6.0)
        self.lines: list[Utterance] = []
        self.decided: set[str] = set()  # decision templates used, so none is made twice
        self._names = {s.first for s in speakers}

    @property
    def host(self) -> Person:
        return self.speakers[0]

    def other(self, *besides: Person) -> Person:
        choices = [s for s in self.speakers if s not in besides]
        return self.rng.choice(choices) if choices else self.speakers[0]

    def anyone(self) -> Person:
        return self.rng.choice(self.speakers)

    def slots(self, who: Person, **known: str) -> _Slots:
        known.setdefault("other", self.other(who).first)
        return _Slots(self.rng, who=who.first, **known)

    def say(self, who: Person, text: str) -> None:
        for chunk in _chunks(self._disfluent(text)):
            length = len(chunk.split()) / self.rng.uniform(2.2, 3.0) + 0.4
            self.lines.append(Utterance(who, chunk, self.clock, self.clock + length))
            self.clock += length + self.rng.uniform(0.05, 0.3)
        self.clock += self.rng.uniform(0.2, 1.2)

    def _disfluent(self, text: str) -> str:
        roll = self.rng.random()
        words = text.split()
        if len(words) < 4:  # backchannels stay as they are
            return text
        if roll < 0.2:
            return self.rng.choice(p.FILLERS) + self._soften(text)
        if roll < 0.32 and len(words) >= 6:
            at = self.rng.randint(2, len(words) // 2)
            if words[at - 1][-1].isalpha():
                words[at - 1] += self.rng.choice(p.MID_FILLERS)
                return " ".join(words)
        if roll < 0.38 and words[0][-1].isalpha() and words[1][-1].isalpha():
            return f"{words[0]} {words[1]}, {self._soften(' '.join(words))}"
        return text

    def _soften(self, text: str) -> str:
        """Lower-case a sentence's first word when it follows a filler (not "I" or a name)."""
        first = _FIRST_WORD.split(text, maxsplit=1)[0]
        if first == "I" or first in self._names:
            return text
        return text[:1].lower() + text[1:]


def _chunks(text: str) -> list[str]:
    """A turn cut into cues at sentence ends, none much longer than `_CHUNK_WORDS` words."""
    if text.count(" ") < _CHUNK_WORDS:
        return [text]
    sentences = _SENTENCE_END.split(text)
    chunks: list[str] = []
    for sentence in sentences:
        if chunks and len(chunks[-1].split()) + len(sentence.split()) <= _CHUNK_WORDS:
            chunks[-1] += " " + sentence
        else:
            chunks.append(sentence)
    return chunks


# -- beats -------------------------------------------------------------------------


def _statement(talk: _Talk, section: Section, pairs: Sequence[tuple[str, str]]) -> None:
    who = talk.other(talk.host) if len(talk.speakers) > 1 else talk.host
    spoken, reported = talk.rng.choice(pairs)
    slots = talk.slots(who)
    talk.say(who, spoken.format_map(slots))
    section.points.append(reported.format_map(slots))


def _question(talk: _Talk, section: Section) -> None:
    asker = talk.anyone()
    answerer = talk.other(asker)
    question, answer, reported = talk.rng.choice(p.QUESTIONS)
    slots = talk.slots(answerer)
    talk.say(asker, question.format_map(slots))
    talk.say(answerer, answer.format_map(slots))
    section.points.append(reported.format_map(slots))


def _decision(talk: _Talk, section: Section, kind: str, **known: str) -> None:
    slots = talk.slots(talk.host, **known)
    fresh = [d for d in p.DECISIONS[kind] if d not in talk.decided] or list(p.DECISIONS[kind])
    template = talk.rng.choice(fresh)
    talk.decided.add(template)
    decision = template.format_map(slots)
    talk.say(talk.host, talk.rng.choice(p.DECISION_LINES).format(decision=decision))
    if talk.rng.random() < 0.7:
        talk.say(talk.other(talk.host), talk.rng.choice(p.BACKCHANNEL[:7]))
    section.decisions.append(decision)


def _action(talk: _Talk, section: Section, owner: Person | None = None) -> None:
    rng = talk.rng
    task, due = rng.choice(p.TASKS), rng.choice(p.DUES)
    if owner is None and rng.random() < 0.5:
        owner = talk.anyone()
        talk.say(owner, rng.choice(p.VOLUNTEER_LINES).format(task=task, due=due))
    else:
        owner = owner or talk.other(talk.host)
        asker = talk.other(owner)
        line = rng.choice(p.ASSIGN_LINES)
        talk.say(
            asker, line.format(other=owner.first, task=task, task_cap=task.capitalize(), due=due)
        )
        talk.say(owner, rng.choice(p.ACCEPT_LINES).format(task=task, due=due))
    section.actions.append(ActionItem(owner.name, task, due))


def _discuss(talk: _Talk, section: Section, until: float) -> None:
    """Talk until the section's time is up; only the first few points make the summary."""
    while talk.clock < until:
        roll = talk.rng.random()
        scratch = Section(section.title) if len(section.points) >= 3 else section
        if roll < 0.4:
            _statement(talk, scratch, p.STATEMENTS)
        elif roll < 0.65:
            _question(talk, scratch)
        else:
            talk.say(talk.anyone(), talk.rng.choice(p.BACKCHANNEL))


# -- meeting kinds -----------------------------------------------------------------

Writer = Callable[[_Talk, Section], None]


def _standup_update(speaker: Person, feature: str) -> Writer:
    def write(talk: _Talk, section: Section) -> None:
        spoken, reported = talk.rng.choice(p.STANDUP_UPDATES)
        slots = talk.slots(speaker, feature=feature)
        talk.say(speaker, spoken.format_map(slots))
        section.points.append(reported.format_map(slots))
        if talk.rng.random() < 0.7 or len(talk.speakers) < 2:
            talk.say(speaker, talk.rng.choice(p.NO_BLOCKERS))
            return
        blocker, blocked, task = talk.rng.choice(p.BLOCKERS)
        helper = talk.other(speaker)
        slots = talk.slots(speaker, other=helper.first, helped=speaker.first)
        talk.say(speaker, blocker.format_map(slots))
        section.points.append(blocked.format_map(slots))
        task = task.format_map(slots)
        talk.say(helper, talk.rng.choice(p.HELP_LINES).format(task=task))
        section.actions.append(ActionItem(helper.name, task, "today"))

    return write


def _review_aspect(talk: _Talk, section: Section) -> None:
    _statement(talk, section, p.STATEMENTS)
    _question(talk, section)
    if talk.rng.random() < 0.8:
        _decision(talk, section, "design_review")
    if talk.rng.random() < 0.7:
        _action(talk, section)


def _planning_item(feature: str) -> Writer:
    def write(talk: _Talk, section: Section) -> None:
        _statement(talk, section, p.STATEMENTS)
        _question(talk, section)
        _decision(talk, section, "planning", feature=feature)
        _action(talk, section)

    return write


def _retro_part(name: str) -> Writer:
    def write(talk: _Talk, section: Section) -> None:
        for pair in talk.rng.sample(p.RETRO_LINES[name], 2):
            _statement(talk, section, [pair])

    return write


def _retro_changes(talk: _Talk, section: Section) -> None:
    _decision(talk, section, "retro")
    _action(talk, section)


def _plan(kind: str, subject: str, talk: _Talk, most: int) -> list[tuple[Section, Writer]]:
    rng = talk.rng
    if kind == "standup":
        features = rng.sample(p.FEATURES, min(len(talk.speakers), len(p.FEATURES)))
        return [
            (Section(f"{title(feature)} progress"), _standup_update(person, feature))
            for person, feature in list(zip(talk.speakers, features, strict=False))[:most]
        ]
    if kind == "design_review":
        aspects = rng.sample(p.ASPECTS, rng.randint(2, 3))[:most]
        return [(Section(aspect), _review_aspect) for aspect in aspects]
    if kind == "planning":
        features = [subject, *rng.sample([f for f in p.FEATURES if f != subject], 3)]
        chosen = features[: min(rng.randint(2, 4), most)]
        return [(Section(f"{title(f)} scope"), _planning_item(f)) for f in chosen]
    parts: list[tuple[Section, Writer]] = [(Section(n), _retro_part(n)) for n in p.RETRO_SECTIONS]
    return [*parts, (Section("Process changes"), _retro_changes)][-most:]


def _open(talk: _Talk, sections: Sequence[Section]) -> None:
    talk.say(talk.host, talk.rng.choice(p.GREETINGS))
    for person in talk.speakers[1:3]:
        talk.say(person, talk.rng.choice(p.REPLIES))
    items = ", ".join(lower(s.title) for s in sections)
    talk.say(talk.host, talk.rng.choice(p.AGENDA).format(items=items))


def _close(talk: _Talk) -> None:
    talk.say(talk.host, talk.rng.choice(p.CLOSINGS))
    for person in talk.speakers[1:3]:
        talk.say(person, talk.rng.choice(p.GOODBYES))


def script(
    *, seed: int, topic: str, speakers: Sequence[Person], duration: float, kind: str | None = None
) -> Script:
    """What a meeting of `duration` seconds sounded like; `speakers[0]` is the host."""
    rng = random.Random(seed)
    kind = kind if kind in KINDS else kind_for(topic, rng)
    subject = subject_for(topic, rng)
    talk = _Talk(rng, tuple(speakers), duration)
    plan = _plan(kind, subject, talk, most=max(1, int(duration // 150)))
    _open(talk, [section for section, _ in plan])
    budget = max(duration - talk.clock - 30.0, 0.0) / len(plan)
    for number, (section, write) in enumerate(plan):
        until = talk.clock + budget
        opener = p.FIRST_SECTION if number == 0 else p.SECTION_OPENERS
        talk.say(talk.host, rng.choice(opener).format(title=lower(section.title)))
        write(talk, section)
        _discuss(talk, section, until)
    _close(talk)
    return Script(
        seed=seed,
        kind=kind,
        topic=topic,
        subject=subject,
        speakers=tuple(speakers),
        duration=duration,
        utterances=_fit(talk.lines, duration),
        chat=_chat(rng, tuple(speakers), duration),
        sections=tuple(section for section, _ in plan),
    )


def _fit(lines: list[Utterance], duration: float) -> tuple[Utterance, ...]:
    """Squeeze the dialogue into the recording when a short meeting ran long."""
    spoken = lines[-1].end if lines else 0.0
    if spoken <= duration - 1 or spoken <= 0:
        return tuple(_rounded(u, 1.0) for u in lines)
    return tuple(_rounded(u, max(duration - 1, 1.0) / spoken) for u in lines)


def _rounded(u: Utterance, scale: float) -> Utterance:
    return Utterance(u.speaker, u.text, round(u.start * scale, 3), round(u.end * scale, 3))


def _chat(
    rng: random.Random, speakers: tuple[Person, ...], duration: float
) -> tuple[ChatMessage, ...]:
    count = rng.randint(0, min(6, 1 + int(duration // 300)))
    moments = sorted(rng.uniform(5.0, max(duration - 5.0, 6.0)) for _ in range(count))
    return tuple(
        ChatMessage(
            rng.choice(speakers), rng.choice(p.CHAT_LINES).format_map(_Slots(rng)), round(at, 3)
        )
        for at in moments
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
