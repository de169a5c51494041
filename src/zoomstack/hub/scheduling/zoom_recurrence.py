"""RFC 5545 rules to Zoom's `recurrence` object and back.

Zoom repeats a meeting daily, weekly (on some weekdays) or monthly (on a day of the month,
or on the nth weekday), at most 60 times, and numbers weekdays from Sunday (1) to
Saturday (7). Anything else (yearly, hourly, several monthly days) has no Zoom form.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from icalendar import vRecur

from .series import RuleError, normalize_rule
from .zones import zone_named

ZOOM_DAILY, ZOOM_WEEKLY, ZOOM_MONTHLY = 1, 2, 3
_FREQ = {"DAILY": ZOOM_DAILY, "WEEKLY": ZOOM_WEEKLY, "MONTHLY": ZOOM_MONTHLY}
_FREQ_NAME = {kind: name for name, kind in _FREQ.items()}
_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # Zoom's 1..7
_MAX_INTERVAL = {ZOOM_DAILY: 99, ZOOM_WEEKLY: 50, ZOOM_MONTHLY: 10}
MAX_TIMES = 60


class NoZoomForm(ValueError):
    """A rule Zoom cannot repeat a meeting by."""


def _zoom_day(ical_day: str) -> int:
    return _DAYS.index(ical_day[-2:]) + 1


def _weekday_of(start: datetime) -> str:
    return _DAYS[(start.weekday() + 1) % 7]


def _weekly(rule: vRecur, start: datetime) -> dict[str, Any]:
    days = [str(d) for d in rule.get("BYDAY", [])] or [_weekday_of(start)]
    return {"weekly_days": ",".join(str(_zoom_day(d)) for d in days)}


def _nth_weekday(rule: vRecur) -> tuple[int, str] | None:
    days = [str(d) for d in rule.get("BYDAY", [])]
    if len(days) != 1:
        return None
    day = days[0]
    if len(day) > 2:
        return int(day[:-2]), day[-2:]
    positions = rule.get("BYSETPOS", [])
    return (int(positions[0]), day) if len(positions) == 1 else None


def _monthly(rule: vRecur, start: datetime) -> dict[str, Any]:
    if "BYDAY" not in rule:
        days = rule.get("BYMONTHDAY", [start.day])
        if len(days) != 1 or not 1 <= int(days[0]) <= 31:
            raise NoZoomForm("Zoom repeats a monthly meeting on one day of the month")
        return {"monthly_day": int(days[0])}
    nth = _nth_weekday(rule)
    if nth is None or nth[0] not in (-1, 1, 2, 3, 4):
        raise NoZoomForm("Zoom repeats a monthly meeting on the 1st-4th or last weekday only")
    return {"monthly_week": nth[0], "monthly_week_day": _zoom_day(nth[1])}


def _end(rule: vRecur) -> dict[str, Any]:
    if "COUNT" in rule:
        count = int(rule["COUNT"][0])
        if count > MAX_TIMES:
            raise NoZoomForm(f"Zoom repeats a meeting at most {MAX_TIMES} times")
        return {"end_times": count}
    if "UNTIL" in rule:
        until = rule["UNTIL"][0].astimezone(UTC)
        return {"end_date_time": until.strftime("%Y-%m-%dT%H:%M:%SZ")}
    return {"end_times": 0}  # Zoom: 0 means no end


def to_zoom(rrule: str, start: datetime, tz: str) -> dict[str, Any]:
    """Zoom's `recurrence` for a rule whose first occurrence starts at `start`."""
    try:
        rule = vRecur.from_ical(normalize_rule(rrule, tz))
    except RuleError as exc:
        raise NoZoomForm(str(exc)) from exc
    kind = _FREQ.get(str(rule["FREQ"][0]))
    if kind is None:
        raise NoZoomForm(f"Zoom cannot repeat a meeting {str(rule['FREQ'][0]).lower()}")
    interval = int(rule.get("INTERVAL", [1])[0])
    if interval > _MAX_INTERVAL[kind]:
        raise NoZoomForm(f"Zoom repeats at most every {_MAX_INTERVAL[kind]} periods")
    local = start.astimezone(zone_named(tz))
    extra: dict[str, Any] = {}
    if kind == ZOOM_WEEKLY:
        extra = _weekly(rule, local)
    elif kind == ZOOM_MONTHLY:
        extra = _monthly(rule, local)
    return {"type": kind, "repeat_interval": interval, **extra, **_end(rule)}


def _parts(recurrence: dict[str, Any]) -> list[str]:
    kind = int(recurrence.get("type") or 0)
    parts = [f"FREQ={_FREQ_NAME[kind]}"]
    interval = int(recurrence.get("repeat_interval") or 1)
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if kind == ZOOM_WEEKLY and recurrence.get("weekly_days"):
        days = str(recurrence["weekly_days"]).split(",")
        parts.append("BYDAY=" + ",".join(_DAYS[int(d) - 1] for d in days))
    if kind == ZOOM_MONTHLY and recurrence.get("monthly_day"):
        parts.append(f"BYMONTHDAY={int(recurrence['monthly_day'])}")
    if kind == ZOOM_MONTHLY and recurrence.get("monthly_week"):
        day = _DAYS[int(recurrence.get("monthly_week_day") or 2) - 1]
        parts.append(f"BYDAY={int(recurrence['monthly_week'])}{day}")
    return parts


def from_zoom(recurrence: dict[str, Any]) -> str | None:
    """The RRULE value of Zoom's `recurrence`; None when it is not one Zoom documents."""
    if int(recurrence.get("type") or 0) not in _FREQ.values():
        return None
    parts = _parts(recurrence)
    if int(recurrence.get("end_times") or 0) > 0:
        parts.append(f"COUNT={int(recurrence['end_times'])}")
    elif recurrence.get("end_date_time"):
        until = datetime.fromisoformat(str(recurrence["end_date_time"]).replace("Z", "+00:00"))
        parts.append(f"UNTIL={until.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    return ";".join(parts)
