"""Dates and times as Zoom's clients send them: ISO datetimes, dates, local or UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import BadRequest


def zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_datetime(value: str, tz_name: str | None = None) -> datetime:
    """An ISO datetime; a naive one is local time in `tz_name` (UTC if none), as Zoom reads it."""
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(tz_name) or UTC)
    return moment.astimezone(UTC)


def parse_bound(value: str | None, name: str, *, end: bool = False) -> str | None:
    """A `from`/`to` query bound (a date or a datetime) as a UTC ISO string, or None.

    A plain date as `to` covers the whole day (the bound is the next midnight, exclusive).
    """
    if not value:
        return None
    try:
        if len(value.strip()) == 10:
            day = date.fromisoformat(value.strip()) + timedelta(days=1 if end else 0)
            moment = datetime.combine(day, time.min, tzinfo=UTC)
        else:
            moment = parse_datetime(value)
    except ValueError:
        raise BadRequest(
            f"Invalid parameter: {name}. Use yyyy-mm-dd or yyyy-MM-ddTHH:mm:ssZ."
        ) from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
