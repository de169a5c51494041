"""Meetings named in a chat command: by time ("my 3pm"), by topic ("the design review"),
by both ("yesterday's standup"), or by order ("my next meeting")."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .model import Window
from .when import parse_when

_ORDER = re.compile(r"\b(?P<which>next|upcoming|last|latest|previous|most\s+recent)\b", re.I)
_FILLER = re.compile(
    r"\b(?:my|our|the|this|that|a|an|for|of|from|with|meeting|meetings|call|session|one)\b|'s\b",
    re.I,
)
_VAGUE = re.compile(r"^\s*(?:it|that|this|them|one)?\s*$", re.I)


class MeetingRef(BaseModel):
    """How a command points at a meeting; the hub matches it against calendars and meetings.

    `at`: a meeting starting then; `window`: one starting within it (whole days, since a day
    named in a lookup means all of it); `topic`: words from its title; `which`: the next or
    the last one matching the rest.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    topic: str | None = None
    at: datetime | None = None
    window: Window | None = None
    which: Literal["next", "last"] | None = None

    @property
    def vague(self) -> bool:
        """Points at nothing in particular ("it", "the meeting")."""
        return not (self.topic or self.at or self.window or self.which)


def _whole_days(window: Window) -> Window:
    zone = window.earliest.tzinfo
    first = datetime.combine(window.earliest.date(), time(), tzinfo=zone)
    last = datetime.combine(window.latest.date() + timedelta(days=1), time(), tzinfo=zone)
    return Window(earliest=first, latest=last)


def _topic(words: str | None) -> str | None:
    if not words:
        return None
    cleaned = " ".join(_FILLER.sub(" ", words).split())
    return cleaned or None


def meeting_ref(text: str, now: datetime, tz: str, *, past: bool) -> MeetingRef:
    """The meeting `text` points at; `past` for commands about meetings that happened."""
    text = " ".join(text.split())
    order = _ORDER.search(text)
    rest = _ORDER.sub(" ", text) if order else text
    which: Literal["next", "last"] | None = None
    if order:
        which = "next" if order["which"].lower() in ("next", "upcoming") else "last"
    if _VAGUE.match(_FILLER.sub(" ", rest)):
        return MeetingRef(text=text, which=which)
    found = parse_when(rest, now, tz, past=past)
    if found.ambiguous:
        return MeetingRef(text=text, topic=_topic(found.topic or rest), which=which)
    window = _whole_days(found.window) if found.window else None
    return MeetingRef(
        text=text, topic=_topic(found.topic), at=found.start, window=window, which=which
    )
