"""Dates and times as Zoom's clients send them: ISO datetimes, dates, local or UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .clock import iso
from .errors import BadRequest

# Far wider than any meeting, and narrow enough that arithmetic on a time (a series'
# occurrences, a day's end, a zone's offset) stays within what `datetime` can hold.
YEARS = range(1000, 9001)


def zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        return None


def parse_datetime(value: str, tz_name: str | None = None) -> datetime:
    """An ISO datetime; a naive one is local time in `tz_name` (UTC if none), as Zoom reads it."""
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(tz_name) or UTC)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+05:00 is before year 1 in UTC
        raise ValueError(f"{value!r} is out of range") from None
    if moment.year not in YEARS:
        raise ValueError(f"{value!r} is out of range")
    return moment


def parse_bound(value: str | None, name: str, *, end: bool = False) -> str | None:
    """A `from`/`to` query bound (a date or a datetime) as a UTC ISO string, or None.

    A plain date as `to` covers the whole day (the bound is the next midnight, exclusive).
    """
    if not value:
        return None
    try:
        if len(value.strip()) == 10:
            day = date.fromisoformat(value.strip())
            if day.year not in YEARS:
                raise ValueError(value)
            day += timedelta(days=1 if end else 0)
            moment = datetime.combine(day, time.min, tzinfo=UTC)
        else:
            moment = parse_datetime(value)
    except ValueError:
        raise BadRequest(
            f"Invalid parameter: {name}. Use yyyy-mm-dd or yyyy-MM-ddTHH:mm:ssZ."
        ) from None
    return iso(moment)
