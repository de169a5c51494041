"""Chat commands to intents: "schedule a meeting with John tomorrow at 2pm", "cancel my 3pm",
"what's on tomorrow?", "move the design review to Friday 10am", "summary of yesterday's
standup", "join link for the standup". A command that cannot be read without guessing becomes
`clarify`, with the question to ask back, never an action."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .model import When, Window
from .references import MeetingRef, meeting_ref
from .when import parse_when
from .zones import zone_named


class IntentKind(StrEnum):
    schedule = "schedule"
    cancel = "cancel"
    reschedule = "reschedule"
    agenda = "agenda"
    summary = "summary"
    join_link = "join_link"
    clarify = "clarify"


class Intent(BaseModel):
    """What a command asks for, with its slots: `when` (a new time, or the span an agenda
    covers), `meeting` (the meeting it is about), `question` (for `clarify`)."""

    model_config = ConfigDict(frozen=True)

    kind: IntentKind
    text: str
    when: When | None = None
    window: Window | None = None
    meeting: MeetingRef | None = None
    question: str | None = None
    confidence: float = 0.0


_POLITE = r"^\s*(?:(?:hey|hi|ok|okay|please|pls|can\s+you|could\s+you|would\s+you|i'?d\s+like\s+to|i\s+want\s+to|i\s+need\s+to|let'?s)\s+)*"
_SCHEDULE = re.compile(
    _POLITE + r"(?:schedule|book|set\s+up|arrange|organi[sz]e|plan|create|add|put|meet)\b", re.I
)
_CANCEL = re.compile(_POLITE + r"(?:cancel|call\s+off|delete|remove|scrap|drop)\b", re.I)
_MOVE = re.compile(
    _POLITE + r"(?:move|reschedule|push(?:\s+back)?|shift|postpone|bump|change)\b(?P<ref>.*?)"
    r"(?:\b(?:to|until|till)\b(?P<target>.*))?$",
    re.I,
)
_AGENDA = re.compile(
    r"\b(?:what'?s\s+on|what\s+is\s+on|what\s+do\s+i\s+have|what\s+meetings|any\s+meetings|"
    r"my\s+(?:schedule|calendar|agenda)|agenda|am\s+i\s+(?:free|busy))\b",
    re.I,
)
_SUMMARY = re.compile(
    r"\b(?:summary|summari[sz]e|recap|notes|minutes|action\s+items|what\s+happened)\b(?:\s+(?:of|for|from|in|at))?",
    re.I,
)
_JOIN = re.compile(
    r"\b(?:(?:zoom\s+|join\s+|meeting\s+)?(?:link|url)|how\s+do\s+i\s+join|join)\b(?:\s+(?:for|to|of))?",
    re.I,
)
_WHAT_I_DO = (
    "I can schedule, move or cancel a meeting, tell you what's on, summarize a meeting, "
    "or give its join link. What would you like to do?"
)


def _clarify(text: str, question: str) -> Intent:
    return Intent(kind=IntentKind.clarify, text=text, question=question)


def _when_question(when: When, doing: str) -> str:
    if when.candidates:
        options = " or ".join(f"{c.earliest:%a %b %-d %-I:%M%p}" for c in when.candidates)
        return f"Did you mean {options}?"
    if when.reason and when.reason.startswith("missing time"):
        return f"When should I {doing}?"
    return f"I could not tell when ({when.reason}). When should I {doing}?"


def _schedule(text: str, rest: str, now: datetime, tz: str) -> Intent:
    when = parse_when(rest, now, tz)
    if when.ambiguous:
        return _clarify(text, _when_question(when, "schedule it"))
    return Intent(kind=IntentKind.schedule, text=text, when=when, confidence=when.confidence)


def _cancel(text: str, rest: str, now: datetime, tz: str) -> Intent:
    ref = meeting_ref(rest, now, tz, past=False)
    if ref.vague:
        return _clarify(text, "Which meeting should I cancel? Give its time or its name.")
    return Intent(kind=IntentKind.cancel, text=text, meeting=ref, confidence=0.8)


def _move(text: str, match: re.Match[str], now: datetime, tz: str) -> Intent:
    ref = meeting_ref(match["ref"] or "", now, tz, past=False)
    if ref.vague:
        return _clarify(text, "Which meeting should I move? Give its time or its name.")
    if not (match["target"] or "").strip():
        return _clarify(text, f"When should I move {ref.text.strip()} to?")
    when = parse_when(match["target"], now, tz)
    if when.ambiguous:
        return _clarify(text, _when_question(when, f"move {ref.text.strip()} to"))
    return Intent(
        kind=IntentKind.reschedule, text=text, meeting=ref, when=when, confidence=when.confidence
    )


def _agenda(text: str, rest: str, now: datetime, tz: str) -> Intent:
    when = parse_when(rest, now, tz)
    local = now.astimezone(zone_named(tz))
    if when.start is not None and when.end is not None:
        window = Window(earliest=when.start, latest=when.end)
    elif when.window is not None:
        window = _day_span(when.window.earliest, when.window.latest)
    elif when.ambiguous and when.reason and when.reason.startswith("missing time"):
        window = _day_span(local, local)
    else:
        return _clarify(text, _when_question(when, "look"))
    return Intent(kind=IntentKind.agenda, text=text, window=window, confidence=0.9)


def _day_span(first: datetime, last: datetime) -> Window:
    zone = first.tzinfo
    begin = datetime.combine(first.date(), time(), tzinfo=zone)
    return Window(
        earliest=begin,
        latest=datetime.combine(last.date() + timedelta(days=1), time(), tzinfo=zone),
    )


def _about_meeting(
    kind: IntentKind, past: bool, question: str
) -> Callable[[str, str, datetime, str], Intent]:
    def handle(text: str, rest: str, now: datetime, tz: str) -> Intent:
        ref = meeting_ref(rest, now, tz, past=past)
        if ref.vague:
            return _clarify(text, question)
        return Intent(kind=kind, text=text, meeting=ref, confidence=0.8)

    return handle


_summary = _about_meeting(IntentKind.summary, True, "Which meeting should I summarize?")
_join = _about_meeting(IntentKind.join_link, False, "Which meeting do you need the join link for?")

# Order matters: "move" before "schedule" ("reschedule"), lookups before actions.
_HANDLERS: tuple[tuple[re.Pattern[str], Callable[[str, str, datetime, str], Intent]], ...] = (
    (_CANCEL, _cancel),
    (_SUMMARY, _summary),
    (_JOIN, _join),
    (_AGENDA, _agenda),
    (_SCHEDULE, _schedule),
)


def parse_intent(text: str, now: datetime, tz: str) -> Intent:
    """The intent of a chat command, read relative to `now` (aware) in the IANA zone `tz`."""
    move = _MOVE.match(text)
    if move:
        return _move(text, move, now, tz)
    for pattern, handle in _HANDLERS:
        found = pattern.search(text)
        if found:
            rest = (text[: found.start()] + " " + text[found.end() :]).strip(" ?!.")
            return handle(text, rest, now, tz)
    return _clarify(text, _WHAT_I_DO)
