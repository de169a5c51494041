"""Plain-language scheduling: "team standup tomorrow morning for 30 minutes with alice@x.com"
-> start/end or window, duration, recurrence rule, attendees, topic, confidence, or ambiguous."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from .model import When, WhenInputError
from .reading import read
from .resolve import Context, resolve
from .zones import zone_named


def parse_when(text: str, now: datetime, tz: str, *, past: bool = False) -> When:
    """Read a scheduling phrase relative to `now` (aware) in the IANA zone `tz`.

    `past` reads the phrase as about something that happened ("yesterday's standup",
    "Monday at 10"), for looking meetings up rather than booking them.
    Raises WhenInputError for a naive `now`, an unknown zone, or text that is not a string.
    """
    if not isinstance(text, str):
        raise WhenInputError(f"text must be a string, not {type(text).__name__}")
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise WhenInputError(
            "now must be a timezone-aware datetime (e.g. 2025-03-05T09:00:00-05:00)"
        )
    zone = zone_named(tz)
    local_now = now.astimezone(zone)
    reading = read(text, local_now, past)
    event_zone = ZoneInfo(reading.zone) if reading.zone else zone
    return resolve(text, reading, Context(local_now, zone, event_zone, past))
