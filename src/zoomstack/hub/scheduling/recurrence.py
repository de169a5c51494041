"""Recurrence ("every other Tuesday", "weekly on Mon and Wed", "monthly on the 1st") read by the
`recurrent` package from the words that carry it, kept as an RFC 5545 RRULE.

The time of day is not kept in the rule: it lives in the first occurrence's start (DTSTART),
where the clock grammar puts it, so one grammar answers "at 3pm" for single and repeated meetings.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.rrule import rrulestr
from recurrent.event_parser import RecurringEvent

from .lexicon import MONTHS, WEEKDAY_PATTERN
from .scratch import Scratch

log = logging.getLogger(__name__)

# The word boundaries keep "mon" from matching the start of "month".
_DAY_LIST = rf"{WEEKDAY_PATTERN}s?\b(?:\s*(?:,\s*and|,|and|&|/)\s*{WEEKDAY_PATTERN}s?\b)*"
_ORDINAL_DAY = r"the\s+\d{1,2}(?:st|nd|rd|th)"
_NTH = r"(?:first|second|third|fourth|last|1st|2nd|3rd|4th)"
_EVERY = re.compile(
    rf"\b(?:every|each)\s+(?:other\s+|\d+\s+|{_NTH}\s+)?"
    rf"(?P<unit>{_DAY_LIST}|weekdays?|days?|weeks?|months?|years?|(?P<part>morning|afternoon|evening))"
    rf"(?:\s+of\s+the\s+month)?(?:\s+on\s+(?:{_DAY_LIST}|{_ORDINAL_DAY}))?",
    re.IGNORECASE,
)
_ADVERB = re.compile(
    r"\b(?P<word>daily|weekly|bi-?weekly|fortnightly|monthly|quarterly|yearly|annually)\b"
    rf"(?:\s+on\s+(?:{_DAY_LIST}|{_ORDINAL_DAY}))?",
    re.IGNORECASE,
)
_PLURAL_DAYS = re.compile(
    r"\b(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)days"
    r"(?:\s*(?:,\s*and|,|and|&|/)\s*(?:mon|tues|wednes|thurs|fri|satur|sun)days)*\b"
    r"|\bon\s+weekdays\b",
    re.IGNORECASE,
)
_UNTIL = re.compile(
    rf"\b(?:until|till|through|thru|ending)\s+(?:(?:{'|'.join(MONTHS)}|"
    rf"{'|'.join(m[:3] for m in MONTHS)})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"\b(?:for\s+)?(?P<n>\d+|two|three|four|five|six|eight|ten|twelve)\s+"
    r"(?P<unit>times|sessions|occurrences|weeks|months)\b",
    re.IGNORECASE,
)
_REWRITES = (
    (re.compile(r"\bbi-?weekly\b|\bfortnightly\b", re.I), "every other week"),
    (re.compile(r"\bquarterly\b", re.I), "every 3 months"),
    (re.compile(r"\bevery\s+(?:morning|afternoon|evening)\b", re.I), "every day"),
)
_ORDER = ("FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "BYSETPOS", "BYDAY", "COUNT", "UNTIL")


@dataclass(frozen=True)
class Recurrence:
    """A rule without time of day (RRULE body: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")."""

    rule: str
    until: date | None = None


def _snippets(scratch: Scratch) -> list[str]:
    taken: list[str] = []
    every = scratch.first(_EVERY)
    if every:
        end = every.start("part") if every["part"] else every.end()
        taken.append(scratch.take(every.start(), end) + (" day" if every["part"] else ""))
    for pattern in (_ADVERB, _PLURAL_DAYS):
        found = scratch.first(pattern)
        if found:
            taken.append(scratch.take_match(found))
    if taken:
        for pattern in (_UNTIL, _COUNT):
            found = scratch.first(pattern)
            if found:
                taken.append(scratch.take_match(found))
    return taken


def _library_rule(words: str, now: datetime) -> str | None:
    for pattern, replacement in _REWRITES:
        words = pattern.sub(replacement, words)
    try:
        with warnings.catch_warnings():
            # parsedatetime, under recurrent, warns about its own API on every call.
            warnings.simplefilter("ignore")
            parsed = RecurringEvent(now_date=now.replace(tzinfo=None)).parse(words)
    except Exception:  # the library parses free text; any failure of it means "no rule"
        log.debug("recurrent failed on %r", words, exc_info=True)
        return None
    return parsed if isinstance(parsed, str) and parsed.startswith("RRULE:") else None


def canonical_rule(rule: str) -> dict[str, str]:
    """An RRULE's parts without time of day and with defaults left out, for output and compare."""
    parts = dict(p.split("=", 1) for p in rule.removeprefix("RRULE:").split(";") if "=" in p)
    parts = {k.upper(): v.upper() for k, v in parts.items() if k.upper() in _ORDER}
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    if "BYDAY" in parts:
        parts["BYDAY"] = ",".join(sorted(parts["BYDAY"].split(","), key=_weekday_order))
    return parts


def _weekday_order(byday: str) -> int:
    return ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].index(byday[-2:])


def rule_text(parts: dict[str, str]) -> str:
    return ";".join(f"{key}={parts[key]}" for key in _ORDER if key in parts)


def take_recurrence(scratch: Scratch, now: datetime) -> Recurrence | None:
    """The recurrence the phrase states, taken out of the scratch; None for a single meeting."""
    snippets = _snippets(scratch)
    if not snippets:
        return None
    rule = _library_rule(" ".join(snippets), now)
    if rule is None:
        return None
    parts = canonical_rule(rule)
    until = _until_day(parts.pop("UNTIL", None), now.date())
    return Recurrence(rule_text(parts), until)


def _until_day(value: str | None, today: date) -> date | None:
    if not value:
        return None
    day = datetime.strptime(value[:8], "%Y%m%d").date()
    return day.replace(year=day.year + 1) if day < today else day


def first_occurrence(rule: Recurrence, anchor: date, at: time, after: datetime) -> datetime | None:
    """The first naive local occurrence at `at`, on or after `anchor` and strictly after `after`."""
    dtstart = datetime.combine(anchor, at)
    # The first occurrence is the next matching day ("every other Tuesday" starts this coming
    # Tuesday): it becomes DTSTART, from which INTERVAL and COUNT then count.
    uncounted = ";".join(
        p for p in rule.rule.split(";") if not p.startswith(("COUNT=", "INTERVAL="))
    )
    try:
        rule_set = rrulestr(uncounted, dtstart=dtstart)
        found = rule_set.after(dtstart, inc=True) if dtstart > after else rule_set.after(after)
    except (ValueError, TypeError):
        return None
    return found
