"""Due dates in speech ("by Friday", "next Tuesday", "end of the month") against a meeting date.

dateparser reads most phrases (explicit dates, "in two weeks", "tomorrow"); the phrases
people use for deadlines that it misses or reads another way are ruled here first:

- a bare weekday ("by Friday") is the next one after the meeting day;
- "this Friday" is the one of the meeting's week, or the next one if it has passed;
- "next Friday" is the Friday of the following week (Monday-based weeks);
- "end of the week" and "this week" are that week's Friday; "next week" its Monday;
- "end of the month / quarter / year" and "this month" are its last day; "next month"
  its first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

import dateparser

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"  # "the 20th" is a date; "the 16" is a number
_EXPRESSION = (
    r"(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:day|week|month|quarter|year)"
    r"|eod|eow|eom|cob|close\s+of\s+business|today|tonight|tomorrow"
    r"|(?:the\s+)?day\s+after\s+tomorrow"
    rf"|(?:(?:this|next|this\s+coming|coming)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening))?"
    r"|(?:next|this)\s+(?:week|month)"
    rf"|(?:in|within)\s+{_NUMBER}\s+(?:days?|weeks?|months?)"
    rf"|{_MONTH}\.?\s+{_DAY}|(?:the\s+)?{_DAY}\s+of\s+{_MONTH}|the\s+{_ORDINAL}"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
)
_PREPOSITION = r"(?:(?:by|before|until|till|on|due|for|no\s+later\s+than)\s+)?"
_DUE = re.compile(rf"\b{_PREPOSITION}{_EXPRESSION}\b", re.I)
_SETTINGS = {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "a couple of": 2, "a few": 3, "two": 2, "three": 3}


def find_due_phrase(text: str) -> str | None:
    """The first deadline-like phrase in text, with its preposition ("by Friday")."""
    match = _DUE.search(text)
    return " ".join(match.group(0).split()) if match else None


def resolve_due(phrase: str, meeting_date: dt.date) -> dt.date | None:
    """The date a due phrase means, said on meeting_date; None when it cannot be read."""
    text = _bare(phrase)
    for pattern, rule in _RULES:
        match = pattern.fullmatch(text)
        if match:
            return rule(match, meeting_date)
    return _dateparser(text.replace("within ", "in "), meeting_date)


def _bare(phrase: str) -> str:
    text = " ".join(phrase.lower().replace(".", "").split())
    text = re.sub(r"^(?:by|before|until|till|on|due|for|no later than)\s+", "", text)
    text = re.sub(r"\s+(?:morning|afternoon|evening)$", "", text)
    return re.sub(r"^the\s+", "", text)


def _dateparser(text: str, meeting_date: dt.date) -> dt.date | None:
    base = dt.datetime.combine(meeting_date, dt.time())
    parsed = dateparser.parse(text, languages=["en"], settings={**_SETTINGS, "RELATIVE_BASE": base})
    return parsed.date() if parsed else None


def _weekday(match: re.Match[str], day: dt.date) -> dt.date:
    modifier, name = match.group(1) or "", match.group(2)
    target = _WEEKDAYS.index(name)
    if modifier == "next":
        monday_next_week = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=1)
        return monday_next_week + dt.timedelta(days=target)
    ahead = (target - day.weekday()) % 7
    if ahead == 0 and modifier != "this":
        ahead = 7
    return day + dt.timedelta(days=ahead)


def _end_of_week(match: re.Match[str], day: dt.date) -> dt.date:
    friday = day + dt.timedelta(days=4 - day.weekday())
    if match.group(1) == "next" or day.weekday() > 4:
        friday += dt.timedelta(weeks=1)
    return friday


def _next_week(_: re.Match[str], day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=1)


def _month_end(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _end_of_month(match: re.Match[str], day: dt.date) -> dt.date:
    return _month_end(day.year, day.month + (1 if match.group(1) == "next" else 0))


def _next_month(_: re.Match[str], day: dt.date) -> dt.date:
    return _month_end(day.year, day.month) + dt.timedelta(days=1)


def _end_of_quarter(_: re.Match[str], day: dt.date) -> dt.date:
    return _month_end(day.year, (day.month - 1) // 3 * 3 + 3)


def _end_of_year(_: re.Match[str], day: dt.date) -> dt.date:
    return dt.date(day.year, 12, 31)


def _days(count: int) -> Callable[[re.Match[str], dt.date], dt.date]:
    return lambda _, day: day + dt.timedelta(days=count)


def _within(match: re.Match[str], day: dt.date) -> dt.date | None:
    amount = _NUMBER_WORDS.get(match.group(1))
    if amount is None:
        return _dateparser(f"in {match.group(1)} {match.group(2)}", day)
    unit = match.group(2).rstrip("s")
    if unit == "month":
        return _add_months(day, amount)
    return day + dt.timedelta(days=amount * (7 if unit == "week" else 1))


def _add_months(day: dt.date, months: int) -> dt.date:
    last = _month_end(day.year, day.month + months)
    return last.replace(day=min(day.day, last.day))


_Rule = Callable[[re.Match[str], dt.date], dt.date | None]
_RULES: list[tuple[re.Pattern[str], _Rule]] = [
    (re.compile(r"today|tonight|eod|cob|close of business|end of (?:the |this )?day"), _days(0)),
    (re.compile(r"tomorrow"), _days(1)),
    (re.compile(r"day after tomorrow"), _days(2)),
    (re.compile(r"(?:(this|next|this coming|coming) )?(" + "|".join(_WEEKDAYS) + ")"), _weekday),
    (re.compile(r"eow|this week|end of (?:the |this |(next) )?week"), _end_of_week),
    (re.compile(r"next week"), _next_week),
    (re.compile(r"eom|this month|end of (?:the |this |(next) )?month"), _end_of_month),
    (re.compile(r"next month"), _next_month),
    (re.compile(r"end of (?:the |this )?quarter"), _end_of_quarter),
    (re.compile(r"end of (?:the |this )?year"), _end_of_year),
    (
        re.compile(r"(?:in|within) (a couple of|a few|a|an|one|two|three) (days?|weeks?|months?)"),
        _within,
    ),
]
