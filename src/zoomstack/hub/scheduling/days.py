"""The grammar of days relative to today: "tomorrow", "the day after tomorrow", "this/next
Friday", "next week Monday", "on the 5th", "last Tuesday".

"next Friday" said early in a week is read two ways (the coming Friday, or the one in the next
week); that reading is kept as two candidates rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .lexicon import WEEKDAY_PATTERN, WEEKDAYS
from .scratch import Scratch


@dataclass(frozen=True)
class DayRef:
    """The day (or days, when the phrase has several readings) a phrase names."""

    day: date
    alternatives: tuple[date, ...] = ()
    # A weekday alone ("Friday") moves on a week when its time has passed today.
    rolls: bool = False
    # The day came with no way to tell it is not a whole week ("next week").
    whole_week: bool = False
    reason: str | None = None
    words: str = field(default="", compare=False)


_FIXED = {
    "the day after tomorrow": 2,
    "day after tomorrow": 2,
    "the day before yesterday": -2,
    "day before yesterday": -2,
    "tomorrow": 1,
    "tmrw": 1,
    "tmr": 1,
    "today": 0,
    "yesterday": -1,
}
_FIXED_PATTERN = re.compile(
    r"\b(?P<word>" + "|".join(w.replace(" ", r"\s+") for w in _FIXED) + r")(?:'s)?\b", re.IGNORECASE
)
_NEXT_WEEK_DAY = re.compile(
    rf"\b(?:(?:on\s+)?(?P<wd1>{WEEKDAY_PATTERN})\.?\s+(?:of\s+)?next\s+week"
    rf"|next\s+week(?:'s)?\s+(?:on\s+)?(?P<wd2>{WEEKDAY_PATTERN}))\b",
    re.IGNORECASE,
)
_WEEK = re.compile(r"\b(?P<which>this|next|the\s+following)\s+week\b", re.IGNORECASE)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<which>this|next|coming|this\s+coming|last|past|on)\s+)?(?P<wd>{WEEKDAY_PATTERN})\b\.?(?:'s)?",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    r"\b(?:on\s+)?the\s+(?P<n>[12]?\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[a-z]{3})",
    re.IGNORECASE,
)


def _fixed(scratch: Scratch, today: date) -> DayRef | None:
    match = scratch.first(_FIXED_PATTERN)
    if match is None:
        return None
    word = " ".join(match["word"].lower().split())
    scratch.take_match(match)
    return DayRef(today + timedelta(days=_FIXED[word]), words=word)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _next_week_day(scratch: Scratch, today: date) -> DayRef | None:
    match = scratch.first(_NEXT_WEEK_DAY)
    if match is None:
        return None
    scratch.take_match(match)
    weekday = WEEKDAYS[(match["wd1"] or match["wd2"]).lower()]
    return DayRef(_monday(today) + timedelta(days=7 + weekday), words=match.group(0))


def _week(scratch: Scratch, today: date) -> DayRef | None:
    match = scratch.first(_WEEK)
    if match is None:
        return None
    scratch.take_match(match)
    if match["which"].lower() == "this":
        return DayRef(today, whole_week=True, words=match.group(0))
    return DayRef(_monday(today) + timedelta(days=7), whole_week=True, words=match.group(0))


def _weekday(scratch: Scratch, today: date, past: bool) -> DayRef | None:
    match = scratch.first(_WEEKDAY)
    if match is None:
        return None
    scratch.take_match(match)
    which = " ".join((match["which"] or "").lower().split())
    if past and which in ("", "on", "this"):
        which = "latest"
    return weekday_ref(today, WEEKDAYS[match["wd"].lower().rstrip(".")], which, match.group(0))


def weekday_ref(today: date, weekday: int, which: str, words: str) -> DayRef:
    """The day "Friday", "this Friday", "next Friday" or "last Friday" names, seen from today
    ("latest": the most recent one, today included, for phrases about the past)."""
    ahead = (weekday - today.weekday()) % 7
    if which == "latest":
        return DayRef(today - timedelta(days=(today.weekday() - weekday) % 7), words=words)
    if which in ("last", "past"):
        return DayRef(today - timedelta(days=(today.weekday() - weekday) % 7 or 7), words=words)
    if which != "next":
        return DayRef(today + timedelta(days=ahead), rolls=ahead == 0, words=words)
    if ahead == 0:
        return DayRef(today + timedelta(days=7), words=words)
    coming = today + timedelta(days=ahead)
    if _monday(coming) != _monday(today):
        return DayRef(coming, words=words)
    return DayRef(
        coming,
        alternatives=(coming + timedelta(days=7),),
        reason=f'"{words.strip()}" may mean {coming:%A %b %-d} or the week after',
        words=words,
    )


def _ordinal(scratch: Scratch, today: date, past: bool) -> DayRef | None:
    match = scratch.first(_ORDINAL)
    if match is None:
        return None
    scratch.take_match(match)
    number = int(match["n"])
    if past:
        return DayRef(day_of_month_before(today, number), words=match.group(0))
    return DayRef(day_of_month_from(today, number), words=match.group(0))


def day_of_month_from(today: date, number: int) -> date:
    """The first day numbered `number` on or after today (months without it are skipped)."""
    year, month = today.year, today.month
    for _ in range(13):
        if number <= _month_length(year, month) and date(year, month, number) >= today:
            return date(year, month, number)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValueError(f"no month has a day {number}")


def day_of_month_before(today: date, number: int) -> date:
    """The last day numbered `number` on or before today."""
    year, month = today.year, today.month
    for _ in range(13):
        if number <= _month_length(year, month) and date(year, month, number) <= today:
            return date(year, month, number)
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    raise ValueError(f"no month has a day {number}")


def _month_length(year: int, month: int) -> int:
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (first_next - timedelta(days=1)).day


def take_days(scratch: Scratch, today: date, past: bool = False) -> list[DayRef]:
    """Every day reference in the phrase, in grammar order, taken out of the scratch.
    `past` reads bare weekdays and ordinals backwards ("Monday's standup" was this Monday)."""
    found: list[DayRef] = []
    for grammar in (_fixed, _next_week_day, _week):
        while (ref := grammar(scratch, today)) is not None:
            found.append(ref)
    for dated in (_weekday, _ordinal):
        while (ref := dated(scratch, today, past)) is not None:
            found.append(ref)
    return found
