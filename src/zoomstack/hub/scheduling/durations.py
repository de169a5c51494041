"""The small grammar of lengths ("for 30 minutes", "an hour and a half", "1h") and of offsets
from now ("in two hours", "3 days from now"): the date libraries read both as points in time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from .lexicon import NUMBER_PATTERN, number_value
from .scratch import Scratch

_MINUTES = r"(?:minutes?|mins?|m)"
_HOURS = r"(?:hours?|hrs?|h)"
_UNIT = rf"(?:{_HOURS}|{_MINUTES})"
_AMOUNT = rf"(?P<n>{NUMBER_PATTERN})\s*-?\s*(?P<unit>{_UNIT})\b(?P<half>\s+and\s+a\s+half)?"
_TAIL = rf"(?:\s+(?:and\s+)?(?P<n2>{NUMBER_PATTERN})\s*(?P<unit2>{_MINUTES})\b)?"

_DURATION = re.compile(
    rf"\b(?:for\s+)?(?:about\s+|around\s+|roughly\s+|approx\.?\s+)?{_AMOUNT}{_TAIL}(?:\s*-?\s*long)?\b",
    re.IGNORECASE,
)
_HALF_HOUR = re.compile(r"\b(?:for\s+)?(?:a\s+)?half[\s-]hour(?:\s+long)?\b", re.IGNORECASE)
_HOUR_LONG = re.compile(r"\b(?:an?\s+)?hour[\s-]long\b", re.IGNORECASE)

_OFFSET_UNIT = r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?)"
_OFFSET = re.compile(
    rf"\b(?:in\s+(?:about\s+)?(?P<n>{NUMBER_PATTERN})\s*{_OFFSET_UNIT}(?P<half>\s+and\s+a\s+half)?"
    rf"|(?P<n_b>{NUMBER_PATTERN})\s*(?P<unit_b>minutes?|mins?|hours?|hrs?|days?|weeks?)\s+from\s+now)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Offset:
    """A time after now. `exact` for minutes and hours; days and weeks name a day, not a time."""

    delta: timedelta
    exact: bool


def _unit_minutes(unit: str) -> int:
    unit = unit.lower()
    if unit.startswith("w"):
        return 7 * 24 * 60
    if unit.startswith("d"):
        return 24 * 60
    if unit.startswith("h"):
        return 60
    return 1


def _amount_minutes(match: re.Match[str]) -> float:
    minutes = number_value(match["n"]) * _unit_minutes(match["unit"])
    if match["half"]:
        minutes += _unit_minutes(match["unit"]) / 2
    return minutes


def take_duration(scratch: Scratch) -> int | None:
    """Minutes the phrase says the meeting lasts, taken out of the scratch; None if it says none."""
    for pattern, minutes in ((_HALF_HOUR, 30), (_HOUR_LONG, 60)):
        found = scratch.first(pattern)
        if found:
            scratch.take_match(found)
            return minutes
    match = scratch.first(_DURATION)
    if match is None:
        return None
    scratch.take_match(match)
    total = _amount_minutes(match)
    if match["n2"]:
        total += number_value(match["n2"])
    return round(total)


def take_offset(scratch: Scratch) -> Offset | None:
    """An offset from now ("in two hours", "in 3 days"), taken out of the scratch."""
    match = scratch.first(_OFFSET)
    if match is None:
        return None
    scratch.take_match(match)
    number = match["n"] or match["n_b"]
    unit = match["unit"] or match["unit_b"]
    minutes = number_value(number) * _unit_minutes(unit)
    if match["half"]:
        minutes += _unit_minutes(unit) / 2
    return Offset(timedelta(minutes=round(minutes)), exact=_unit_minutes(unit) <= 60)
