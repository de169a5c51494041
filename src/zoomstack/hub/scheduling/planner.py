"""From a scheduling request to ranked proposals: what was asked, when everyone is free.

The time asked for comes first when it was given exactly (its confidence is how sure the
reading is; its conflicts are listed with it). Otherwise the free slots in the window the
phrase names, or in the next working days, are ranked by `slots.suggest_slots`. A slot
the hub picked itself is a suggestion: its confidence stays below what books on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .availability import Availability, Busy
from .model import Attendee, When
from .series import expand
from .slots import Interval, suggest_slots
from .zones import zone_named

AUTO_BOOK = 0.8  # a proposal this sure books without being asked
SEARCH_DAYS = 5  # how far ahead to look when no day was named
ALTERNATIVE_DAYS = 3  # how far around an asked-for time to look for another
RECURRING_CHECK_DAYS = 28  # occurrences of a new series checked for conflicts
DEFAULT_MINUTES = 30


@dataclass(frozen=True, slots=True)
class Proposal:
    start: datetime
    end: datetime
    confidence: float
    conflicts: tuple[Busy, ...] = ()
    asked: bool = False  # the time the request named, not one the hub picked


@dataclass(slots=True)
class Plan:
    """What will be booked (topic, length, people, rule) and when it could be."""

    topic: str
    duration: int
    timezone: str
    attendees: list[Attendee]
    rrule: str | None = None
    when: When | None = None
    proposals: list[Proposal] = field(default_factory=list)
    question: str | None = None
    checked: dict[str, list[str]] = field(default_factory=dict)

    @property
    def best(self) -> Proposal | None:
        return self.proposals[0] if self.proposals else None

    @property
    def confidence(self) -> float:
        return self.best.confidence if self.best else 0.0

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.duration)


def merge_attendees(found: Sequence[Attendee], emails: Sequence[str]) -> list[Attendee]:
    """The phrase's invitees and the listed emails, each person once."""
    people: dict[str, Attendee] = {}
    for person in [*found, *(Attendee(email=e.lower()) for e in emails)]:
        key = (person.email or f"name:{(person.name or '').lower()}").lower()
        people.setdefault(key, person)
    return list(people.values())


def topic_of(asked: str | None, when: When | None, attendees: Sequence[Attendee]) -> str:
    if asked:
        return asked
    if when is not None and when.topic:
        return when.topic[:1].upper() + when.topic[1:]
    names = [a.name or (a.email or "").split("@")[0] for a in attendees]
    return f"Meeting with {', '.join(names)}" if names else "Meeting"


def duration_of(hint: int | None, when: When | None) -> int:
    if hint:
        return hint
    return when.duration_minutes if when is not None else DEFAULT_MINUTES


def _clip(first: datetime, last: datetime, now: datetime) -> tuple[datetime, datetime]:
    return max(first, now), max(last, now)


def search_span(when: When | None, now: datetime) -> tuple[datetime, datetime]:
    """Where to look for free slots when no exact time was asked for."""
    if when is not None and when.window is not None:
        return _clip(when.window.earliest, when.window.latest, now)
    if when is not None and when.candidates:
        first = min(c.earliest for c in when.candidates)
        return _clip(first, max(c.latest for c in when.candidates), now)
    return now, now + timedelta(days=SEARCH_DAYS)


def busy_span(
    when: When | None, now: datetime, start: datetime | None
) -> tuple[datetime, datetime]:
    """Where busy time matters: around an asked-for time (and a new series' first weeks),
    or where slots are looked for."""
    if start is None:
        return search_span(when, now)
    first, _ = day_around(start)
    return min(first, start), start + timedelta(days=max(RECURRING_CHECK_DAYS, ALTERNATIVE_DAYS))


def _occurrences(plan: Plan, start: datetime) -> list[tuple[datetime, datetime]]:
    end = start + plan.length
    if not plan.rrule:
        return [(start, end)]
    limit = start + timedelta(days=RECURRING_CHECK_DAYS)
    found = expand(plan.rrule, start, end, plan.timezone, within=(start, limit))
    return list(found) or [(start, end)]


def asked_proposal(plan: Plan, start: datetime, confidence: float, free: Availability) -> Proposal:
    """The asked-for time with everything it clashes with (each occurrence checked)."""
    clashes = {b: None for s, e in _occurrences(plan, start) for b in free.conflicts(s, e)}
    end = start + plan.length
    return Proposal(start.astimezone(UTC), end.astimezone(UTC), confidence, tuple(clashes), True)


def free_slots(
    plan: Plan,
    free: Availability,
    within: tuple[datetime, datetime],
    *,
    preferred: datetime | None,
    scale: float,
    limit: int = 3,
) -> list[Proposal]:
    """The best free slots in `within`, their confidence scaled by how sure the day was."""
    if within[1] - within[0] < plan.length:
        return []
    slots = suggest_slots(
        free.intervals(),
        Interval(start=within[0], end=within[1]),
        plan.length,
        plan.timezone,
        preferred=preferred,
        limit=limit,
    )
    return [
        Proposal(s.start.astimezone(UTC), s.end.astimezone(UTC), round(s.confidence * scale, 2))
        for s in slots
    ]


def day_around(moment: datetime) -> tuple[datetime, datetime]:
    """From the start of `moment`'s day (in its zone) to ALTERNATIVE_DAYS later."""
    first = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return first, first + timedelta(days=ALTERNATIVE_DAYS)


def propose(
    plan: Plan, free: Availability, now: datetime, start: datetime | None, certainty: float
) -> None:
    """Fill `plan.proposals` (best first) and, when the request was unclear, its question."""
    if start is not None:
        asked = asked_proposal(plan, start, certainty, free)
        alternatives: list[Proposal] = []
        if asked.conflicts:
            first, last = day_around(start.astimezone(zone_named(plan.timezone)))
            within = _clip(first, last, now)
            alternatives = free_slots(plan, free, within, preferred=start, scale=0.75)
        plan.proposals = [asked, *alternatives]
        return
    when = plan.when
    if when is not None and when.candidates:
        found = [
            p
            for c in when.candidates
            for p in free_slots(
                plan,
                free,
                _clip(c.earliest, c.latest, now),
                preferred=c.earliest,
                scale=0.4,
                limit=1,
            )
        ]
    else:
        scale = 0.5 + (when.confidence if when else 0.0) / 2
        preferred = when.window.earliest if when is not None and when.window else None
        found = free_slots(plan, free, search_span(when, now), preferred=preferred, scale=scale)
    plan.proposals = sorted(found, key=lambda p: (-p.confidence, p.start))
    plan.question = question(when, bool(found))


def _moment(value: datetime) -> str:
    return f"{value:%a %b} {value.day} {value:%I:%M %p}".replace(" 0", " ")


def question(when: When | None, found: bool) -> str | None:
    """What to ask back when the phrase did not say exactly when (None: nothing to ask)."""
    if when is not None and when.window is not None and not when.ambiguous:
        return None if found else "Nobody is free together then: which other day would do?"
    if when is not None and when.candidates:
        options = " or ".join(_moment(c.earliest) for c in when.candidates)
        return f"Did you mean {options}?"
    if (
        when is not None
        and when.ambiguous
        and when.reason
        and not when.reason.startswith("missing time")
    ):
        return f"I could not tell when ({when.reason}). When should it be?"
    return (
        "When should it be? These times are free for everyone." if found else "When should it be?"
    )


def details(busy: Busy) -> dict[str, Any]:
    """A conflict as the API shows it."""
    return {
        "attendee": busy.attendee,
        "start": busy.start,
        "end": busy.end,
        "kind": busy.kind,
        "title": busy.title,
        "id": busy.id,
        "source": busy.source,
    }
