"""Writing a meeting's dialogue: who says what, when, and what it amounts to.

A meeting is a few sections (an update each, a design aspect, a backlog item ...);
each is written as beats (a statement, a question and its answer, a decision, an
action item) that are said aloud with everyday disfluencies and, at the same time,
recorded in reported speech on the section, for the summary to restate.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import phrases as p

_CHUNK_WORDS = 24  # longest cue, in words, before a turn is split across cues
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_FIRST_WORD = re.compile(r"[\s,']")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    email: str = ""
    user_id: str = ""  # the account user's id; "" for a guest

    @property
    def first(self) -> str:
        return self.name.split()[0]


def title(phrase: str) -> str:
    """ "the billing service" -> "Billing service"."""
    text = phrase.removeprefix("the ")
    return text[:1].upper() + text[1:]


def lower(phrase: str) -> str:
    """ "Billing service" -> "billing service", but "API design" stays as it is."""
    if phrase[1:2].isupper():
        return phrase
    return phrase[:1].lower() + phrase[1:]


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


@dataclass(frozen=True, slots=True)
class Dialogue:
    utterances: tuple[Utterance, ...]
    chat: tuple[ChatMessage, ...]
    sections: tuple[Section, ...]


def write(
    rng: random.Random, kind: str, subject: str, speakers: Sequence[Person], duration: float
) -> Dialogue:
    """A meeting of `kind` about `subject` lasting `duration` seconds; `speakers[0]` hosts."""
    talk = _Talk(rng, tuple(speakers), duration)
    plan = _plan(kind, subject, talk, most=max(1, int(duration // 150)))
    _open(talk, [section for section, _ in plan])
    budget = max(duration - talk.clock - 30.0, 0.0) / len(plan)
    for number, (section, writer) in enumerate(plan):
        until = talk.clock + budget
        opener = p.FIRST_SECTION if number == 0 else p.SECTION_OPENERS
        talk.say(talk.host, rng.choice(opener).format(title=lower(section.title)))
        writer(talk, section)
        _discuss(talk, section, until)
    _close(talk)
    return Dialogue(
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
