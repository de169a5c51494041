"""Recurring events: RFC 5545 rules expanded to the occurrences inside a span of time.

A series repeats at the same wall-clock time in its own zone (9:00 stays 9:00 across a
daylight saving change), so rules are expanded from a start in that zone, not in UTC.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from icalendar import vRecur

from .zones import zone_named

# A bound on what one series may yield for one query (a daily rule over years of range).
MAX_OCCURRENCES = 2000


class RuleError(ValueError):
    """A recurrence rule that cannot be read."""


def _until_utc(value: date | datetime, zone: ZoneInfo) -> datetime:
    """RFC 5545 allows UNTIL as a date or a local time; dateutil wants UTC with an aware start."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(23, 59, 59))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def normalize_rule(rule: str, tz: str) -> str:
    """`rule` as a bare RRULE value ("FREQ=WEEKLY;BYDAY=MO") with UNTIL in UTC."""
    text = rule.strip().removeprefix("RRULE:")
    try:
        parsed = vRecur.from_ical(text)
    except (ValueError, TypeError) as exc:
        raise RuleError(f"unreadable recurrence rule {rule!r}") from exc
    if "FREQ" not in parsed:
        raise RuleError(f"recurrence rule {rule!r} has no FREQ")
    if "UNTIL" in parsed:
        parsed["UNTIL"] = [_until_utc(parsed["UNTIL"][0], zone_named(tz))]
    normalized = bytes(parsed.to_ical()).decode()
    _rule(normalized, datetime(2000, 1, 1, tzinfo=UTC))
    return normalized


def _rule(rule: str, start: datetime) -> rrule:
    try:
        built = rrulestr(f"RRULE:{rule.removeprefix('RRULE:')}", dtstart=start)
    except (ValueError, TypeError) as exc:
        raise RuleError(f"unreadable recurrence rule {rule!r}: {exc}") from exc
    assert isinstance(built, rrule)
    return built


def _starts(rule: str, start: datetime, tz: str) -> rrule:
    return _rule(rule, start.astimezone(zone_named(tz)))


def is_bounded(rule: str) -> bool:
    return "COUNT=" in rule or "UNTIL=" in rule


def last_end(rule: str, start: datetime, end: datetime, tz: str) -> datetime | None:
    """When the series' last occurrence ends; None when it has no end."""
    if not is_bounded(rule):
        return None
    starts = list(islice(_starts(rule, start, tz), MAX_OCCURRENCES * 10))
    last = starts[-1] if starts else start
    return (last + (end - start)).astimezone(UTC)


def expand(
    rule: str,
    start: datetime,
    end: datetime,
    tz: str,
    *,
    within: tuple[datetime, datetime],
    skip: Sequence[datetime] = (),
) -> Iterator[tuple[datetime, datetime]]:
    """(start, end) of each occurrence overlapping `within`, in UTC, but those in `skip`."""
    length = end - start
    low, high = within
    skipped = {moment.astimezone(UTC) for moment in skip}
    found = _starts(rule, start, tz).between(low - length, high, inc=False)
    for moment in islice(found, MAX_OCCURRENCES):
        first = moment.astimezone(UTC)
        if first not in skipped and first + length > low and first < high:
            yield first, first + length


def first_after(rule: str, start: datetime, tz: str, moment: datetime) -> datetime | None:
    """The first occurrence starting at or after `moment`."""
    found = _starts(rule, start, tz).after(moment, inc=True)
    return found.astimezone(UTC) if found is not None else None
