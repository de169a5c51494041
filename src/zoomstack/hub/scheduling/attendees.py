"""Who a phrase invites: emails anywhere, and names after "with" ("with Bob and Carol Diaz")."""

from __future__ import annotations

import re

from .lexicon import MONTHS, WEEKDAYS
from .model import Attendee
from .scratch import Scratch

_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
_NAME = r"[A-Z][a-zA-Z'\u2019-]+(?:\s+[A-Z][a-zA-Z'\u2019-]+)?"
_ITEM = rf"(?:{_EMAIL}|{_NAME})"
_SEPARATOR = r"\s*(?:,\s*and|,|\band\b|&)\s*"
_WITH = re.compile(rf"\b(?:with|invite|inviting|cc)\s+(?P<list>{_ITEM}(?:{_SEPARATOR}{_ITEM})*)")
_EMAIL_ANYWHERE = re.compile(_EMAIL)
_ITEM_PATTERN = re.compile(_ITEM)
# Capitalised words that follow "with" but are not people.
_NOT_NAMES = (
    {w.capitalize() for w in WEEKDAYS}
    | {m.capitalize() for m in MONTHS}
    | {m[:3].capitalize() for m in MONTHS}
    | {"Today", "Tomorrow", "Tonight", "Next", "This", "The", "Me", "Us", "Everyone", "Team", "All"}
    | {"PST", "PT", "EST", "ET", "UTC", "GMT", "CET", "Zoom", "Noon", "Midnight", "I"}
)


def _name_prefix(item: str) -> str:
    """The leading words of an item that can be a name ("Bob Friday" -> "Bob")."""
    kept = ""
    for word in re.finditer(r"\S+", item):
        if word.group(0) in _NOT_NAMES:
            break
        kept = item[: word.end()]
    return kept


def _take_list(scratch: Scratch, match: re.Match[str]) -> list[Attendee]:
    people: list[Attendee] = []
    end = match.start("list")
    for item in _ITEM_PATTERN.finditer(match["list"]):
        text = item.group(0)
        kept = text if "@" in text else _name_prefix(text)
        if not kept:
            break
        person = (
            Attendee(email=kept.lower()) if "@" in kept else Attendee(name=" ".join(kept.split()))
        )
        people.append(person)
        end = match.start("list") + item.start() + len(kept)
        if kept != text:
            break
    if people:
        scratch.take(match.start(), end)
    return people


def take_attendees(scratch: Scratch) -> list[Attendee]:
    """Everyone the phrase names as invited, in order, each once; taken out of the scratch."""
    people: list[Attendee] = []
    for match in list(scratch.matches(_WITH)):
        if scratch.text[match.start() : match.end()] == match.group(0):
            people.extend(_take_list(scratch, match))
    for match in list(scratch.matches(_EMAIL_ANYWHERE)):
        scratch.take_match(match)
        people.append(Attendee(email=match.group(0).lower()))
    return list(dict.fromkeys(people))
