"""Which of the user's meetings a command points at ("my 3pm", "the design review",
"yesterday's standup", "my next meeting"): every meeting that fits, each once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from .agenda import calendar_entries
from .entries import Entry
from .references import MeetingRef
from .scheduler import Scheduler

LOOK_AHEAD = timedelta(days=30)
LOOK_BACK = timedelta(days=30)
ONGOING = timedelta(hours=4)  # a meeting that started this long ago may still be on
SAME_MINUTE = timedelta(minutes=1)
# Words that say how much of a meeting is meant, not which one.
_SCOPE = {"series", "whole", "all", "every", "recurring", "occurrence", "instance"}
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("-", ""))


def topic_fits(topic: str, title: str) -> bool:
    """Every word of `topic` is in `title` ("stand-up" and "standup" alike)."""
    title_words = set(_words(title))
    compact = "".join(_words(title))
    wanted = [w for w in _words(topic) if w not in _SCOPE]
    return bool(wanted) and all(w in title_words or w in compact for w in wanted)


def span_of(ref: MeetingRef, now: datetime, past: bool) -> tuple[datetime, datetime]:
    """Where to look for the meeting."""
    if ref.at is not None:
        return ref.at, ref.at + SAME_MINUTE
    if ref.window is not None:
        return ref.window.earliest, ref.window.latest
    return (now - LOOK_BACK, now) if past else (now - ONGOING, now + LOOK_AHEAD)


def _fits(entry: Entry, ref: MeetingRef, now: datetime, past: bool) -> bool:
    if ref.at is not None and abs(entry.start - ref.at) >= SAME_MINUTE:
        return False
    if ref.window is not None and not ref.window.earliest <= entry.start < ref.window.latest:
        return False
    if ref.topic and not topic_fits(ref.topic, entry.title):
        return False
    if ref.at is None and ref.window is None:
        return entry.start <= now if past else entry.end > now
    return True


def pick(entries: Sequence[Entry], ref: MeetingRef, now: datetime, past: bool) -> list[Entry]:
    """The meetings among `entries` that `ref` fits, one occurrence each (the nearest:
    the next one, or for a past meeting the latest), earliest first."""
    fitting = [e for e in entries if _fits(e, ref, now, past)]
    nearest: dict[str, Entry] = {}
    for entry in sorted(fitting, key=lambda e: e.start, reverse=past):
        nearest.setdefault(entry.meeting_id or entry.id, entry)
    found = sorted(nearest.values(), key=lambda e: e.start)
    if ref.which == "next" and found:
        return found[:1]
    if ref.which == "last" and found:
        return found[-1:]
    return found


async def find_meetings(
    scheduler: Scheduler, ref: MeetingRef, now: datetime, *, past: bool
) -> list[Entry]:
    """The user's Zoom meetings `ref` points at."""
    start, end = span_of(ref, now, past)
    entries = await calendar_entries(
        scheduler.session, user_ids=[scheduler.user.id], start=start, end=end
    )
    meetings = [e for e in entries if e.meeting_id]
    return pick(meetings, ref, now, past)
