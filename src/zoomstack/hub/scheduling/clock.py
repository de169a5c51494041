"""Clock times, time ranges and calendar dates, read by timefhuman, with the glue it lacks:
phrasings rewritten into ones it reads ("from 2 to 4pm", "9.30am", "half past two"), bare hours
("at 9"), and a business-hours reading of times said without am/pm ("at 4" is 4pm)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from timefhuman import tfhConfig, timefhuman

from .scratch import Scratch

log = logging.getLogger(__name__)

_HOURS_IN_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_HOUR_WORD = r"(\d{1,2}|" + "|".join(_HOURS_IN_WORDS) + r")\b"


@dataclass(frozen=True)
class ClockHit:
    """One time expression: a day and/or a time, or a range of them."""

    day: date | None
    begins: time | None
    ends: time | None = None
    end_day: date | None = None
    meridiem_assumed: bool = False
    words: str = ""


@dataclass(frozen=True)
class ClockReading:
    """What the phrase says about clock and calendar; `options` when it offers a choice ("or")."""

    hits: tuple[ClockHit, ...] = ()
    options: tuple[ClockHit, ...] = ()


_CLOCK = r"(?:(?:1[0-2]|0?[1-9])(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?|(?:1[3-9]|2[0-3]|0\d):[0-5]\d|noon|midnight)"
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d{1,2})\.(\d{2})\s*([ap]\.?m\b)", re.I), r"\1:\2\3"),
    (re.compile(r"\b(\d{1,2})\s*o'?\s*clock\b", re.I), r"\1:00"),
    (re.compile(r"\b([ap])\.m\.", re.I), r"\1m"),
)
_HOUR_PHRASES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"\bhalf\s+past\s+{_HOUR_WORD}", re.I), 30),
    (re.compile(rf"\bquarter\s+past\s+{_HOUR_WORD}", re.I), 15),
    (re.compile(rf"\bquarter\s+to\s+{_HOUR_WORD}", re.I), -15),
)
# "from 2 to 4pm", "10 to 11", "11-1", "between 2 and 3": the library reads only some of these
# ("11-1" it reads as November 1st), so all become "H:MM-H:MM" ranges, which it reads alike.
_RANGE = re.compile(
    rf"\b(?:from\s+|between\s+)?(?P<a>{_CLOCK})\s*(?:to|till|until|through|and|\u2013|\u2014|-)\s*"
    rf"(?P<b>{_CLOCK})(?![\w/:.-])",
    re.I,
)
_MERIDIEM = re.compile(r"[ap]m\b|noon|midnight|\b0\d:|\b(?:1[3-9]|2[0-3]):", re.I)
_BARE_HOUR = re.compile(
    r"\b(?:at|@|around|by|from)\s+(?P<h>\d{1,2})(?::(?P<m>[0-5]\d))?\b(?!\s*(?:st|nd|rd|th|%|/|-))",
    re.I,
)
# Words with digits that are not times: "Q3", "v2", "1:1" (a one-on-one).
_WORDS_WITH_NUMBERS = re.compile(r"\b(?:q[1-4]|h[12]|v\d+|\d+(?:k|x|%)|\d:\d)\b", re.I)


def _hour(word: str) -> int:
    return int(word) if word.isdigit() else _HOURS_IN_WORDS.index(word.lower()) + 1


def _hour_phrase(minutes: int) -> Callable[[re.Match[str]], str]:
    def rewrite(match: re.Match[str]) -> str:
        hour = _hour(match[1])
        if minutes < 0:
            return f"{(hour - 1) or 12}:{60 + minutes:02d}"
        return f"{hour}:{minutes:02d}"

    return rewrite


def _expand(template: str) -> Callable[[re.Match[str]], str]:
    return lambda match: match.expand(template)


def _clock_side(text: str) -> str:
    text = "".join(text.split()).lower()
    return f"{text}:00" if text.isdigit() else text


def _range(match: re.Match[str]) -> str:
    return f"{_clock_side(match['a'])}-{_clock_side(match['b'])}"


def normalize(scratch: Scratch) -> None:
    """Rewrite clock phrasings the date library misses into ones it reads."""
    for pattern, minutes in _HOUR_PHRASES:
        scratch.rewrite(pattern, _hour_phrase(minutes))
    for pattern, replacement in _REWRITES:
        scratch.rewrite(pattern, _expand(replacement))
    scratch.rewrite(_RANGE, _range)


def _library_read(text: str, now: datetime) -> list[tuple[str, tuple[int, int], Any]]:
    config = tfhConfig(now=now, infer_datetimes=False, return_matched_text=True)
    try:
        found: list[tuple[str, tuple[int, int], Any]] = timefhuman(text, config=config)
    except (
        Exception
    ):  # the library is a parser of arbitrary text: any of its failures means "no date"
        log.debug("timefhuman failed on %r", text, exc_info=True)
        return []
    return found


def _assume_meridiem(value: time, explicit: bool) -> tuple[time, bool]:
    """A time said without am/pm, read as a working hour: 1-7 are afternoon, 8-11 morning."""
    if explicit or value.hour >= 12 or value.hour == 0:
        return value, False
    if 1 <= value.hour <= 7:
        return value.replace(hour=value.hour + 12), True
    return value, True


def _split(value: Any) -> tuple[date | None, time | None]:
    if isinstance(value, datetime):
        return value.date(), value.time().replace(tzinfo=None)
    if isinstance(value, date):
        return value, None
    if isinstance(value, time):
        return None, value.replace(tzinfo=None)
    return None, None


def _hit(value: Any, words: str) -> ClockHit | None:
    if isinstance(value, tuple) and len(value) == 2:
        return _range_hit(value[0], value[1], words)
    day, begins = _split(value)
    if day is None and begins is None:
        return None
    assumed = False
    if begins is not None:
        begins, assumed = _assume_meridiem(begins, bool(_MERIDIEM.search(words)))
    return ClockHit(day, begins, meridiem_assumed=assumed, words=words)


def _range_hit(first: Any, second: Any, words: str) -> ClockHit | None:
    day, begins = _split(first)
    end_day, ends = _split(second)
    if begins is None or ends is None:
        return None
    head, _, tail = words.rpartition("-")
    if not _MERIDIEM.search(head) and _MERIDIEM.search(tail) and begins > ends:
        begins = begins.replace(hour=begins.hour - 12)  # "11-1pm": the 11 is the morning's
    begins, assumed = _assume_meridiem(begins, bool(_MERIDIEM.search(words)))
    if ends <= begins and ends.hour < 12 and not _MERIDIEM.search(tail):
        ends = ends.replace(hour=ends.hour + 12)  # "10am-12", "11-1": the end is after noon
    return ClockHit(day, begins, ends, end_day, assumed, words)


def _bare_hours(scratch: Scratch) -> list[ClockHit]:
    hits: list[ClockHit] = []
    for match in list(scratch.matches(_BARE_HOUR)):
        if int(match["h"]) > 23:
            continue
        scratch.take_match(match)
        value = time(int(match["h"]), int(match["m"] or 0))
        begins, assumed = _assume_meridiem(value, explicit=False)
        hits.append(ClockHit(None, begins, meridiem_assumed=assumed, words=match.group(0)))
    return hits


def take_clock(scratch: Scratch, now: datetime) -> ClockReading:
    """Every clock time, range and date in the phrase, taken out of the scratch."""
    masked = _WORDS_WITH_NUMBERS.sub(lambda m: " " * len(m.group(0)), scratch.text)
    hits: list[ClockHit] = []
    options: list[ClockHit] = []
    for words, (start, end), value in _library_read(masked, now.replace(tzinfo=None)):
        if isinstance(value, timedelta):
            continue
        scratch.take(start, end)
        if isinstance(value, list):
            options.extend(h for v in value if (h := _hit(v, words)) is not None)
        elif (hit := _hit(value, words)) is not None:
            hits.append(hit)
    hits.extend(_bare_hours(scratch))
    return ClockReading(tuple(hits), tuple(options))
