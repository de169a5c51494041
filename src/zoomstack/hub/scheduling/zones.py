"""Time zones named in a phrase ("PST", "ET", "Pacific", "Berlin time").

People say "PST" all year and mean Pacific time, so abbreviations map to the region's zone,
whose offset follows daylight saving time, not to the fixed offset the abbreviation names.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .model import WhenInputError
from .scratch import Scratch

ZONE_WORDS: dict[str, str] = {
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "eastern": "America/New_York",
    "ct": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "central": "America/Chicago",
    "mt": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mountain": "America/Denver",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "utc": "UTC",
    "gmt": "UTC",
    "bst": "Europe/London",
    "uk": "Europe/London",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
}

_ABBREVIATION = re.compile(
    r"(?<![\w@.])(?P<zone>"
    + "|".join(sorted(ZONE_WORDS, key=len, reverse=True))
    + r")(?:\s+time)?(?![\w@])",
    re.IGNORECASE,
)
_CITY_TIME = re.compile(r"\b(?P<city>[A-Za-z][A-Za-z ]{1,30}?)\s+time\b", re.IGNORECASE)
# Short words that are also zone abbreviations only count beside a clock time.
_NEEDS_CLOCK = {"et", "ct", "mt", "pt", "uk", "central", "eastern", "pacific", "mountain"}
_IN_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)
_CLOCK_BEFORE = re.compile(r"(?:\d|am|pm|noon|midnight)\s*$", re.IGNORECASE)


@cache
def _cities() -> dict[str, str]:
    """'berlin' -> 'Europe/Berlin', 'new york' -> 'America/New_York', from the zone database."""
    cities: dict[str, str] = {}
    for key in sorted(available_timezones()):
        if "/" in key and not key.startswith(("Etc/", "SystemV/", "US/")):
            cities.setdefault(key.rsplit("/", 1)[1].replace("_", " ").lower(), key)
    return cities


def zone_named(name: str) -> ZoneInfo:
    """The zone for an IANA name, or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a name too long
        raise WhenInputError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)"
        ) from exc


def take_zone(scratch: Scratch) -> str | None:
    """The IANA name of a zone the phrase names, taken out of the scratch."""
    for match in scratch.matches(_ABBREVIATION):
        word = match["zone"].lower()
        if word in _NEEDS_CLOCK and not _CLOCK_BEFORE.search(scratch.text[: match.start()]):
            continue
        scratch.take_match(match)
        return ZONE_WORDS[word]
    for match in scratch.matches(_CITY_TIME):
        zone = _take_city(scratch, match)
        if zone:
            return zone
    return None


def _take_city(scratch: Scratch, match: re.Match[str]) -> str | None:
    words = match["city"].lower().split()
    for size in range(min(3, len(words)), 0, -1):
        city = " ".join(words[-size:])
        if city in _cities():
            start = match.start("city") + match["city"].lower().rfind(city)
            before = _IN_BEFORE.search(scratch.text[:start])
            scratch.take(before.start() if before else start, match.end())
            return _cities()[city]
    return None
