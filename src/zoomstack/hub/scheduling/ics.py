"""iCalendar (RFC 5545) in and out, with the `icalendar` library.

Reading keeps what scheduling needs: times with their zone, recurrence (RRULE, EXDATE,
moved occurrences by RECURRENCE-ID), attendees, busy or free (TRANSP). Times without a
zone ("floating") are read in the calendar's X-WR-TIMEZONE, else in the zone asked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vRecur
from pydantic import ValidationError

from .drafts import EventDraft
from .model import Attendee, WhenInputError
from .series import RuleError, normalize_rule
from .zones import zone_named

PRODID = "-//zoomstack//hub calendar//EN"


class IcsError(ValueError):
    """A file that is not iCalendar at all."""


@dataclass(slots=True)
class Skipped:
    uid: str
    reason: str


@dataclass(slots=True)
class IcsReading:
    events: list[EventDraft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)


def _calendars(data: bytes | str) -> list[Calendar]:
    try:
        found = Calendar.from_ical(data, multiple=True)
    except (ValueError, UnicodeDecodeError) as exc:
        raise IcsError(f"not an iCalendar file: {exc}") from exc
    calendars = [c for c in found if isinstance(c, Calendar) and c.name == "VCALENDAR"]
    if not calendars:
        raise IcsError("not an iCalendar file: no VCALENDAR in it")
    return calendars


def _zone_of(calendar: Calendar, default: ZoneInfo) -> ZoneInfo:
    name = calendar.get("X-WR-TIMEZONE")
    if not name:
        return default
    try:
        return zone_named(str(name))
    except WhenInputError:
        return default


def _aware(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), tzinfo=zone)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _zone_name(value: date | datetime, zone: ZoneInfo) -> str:
    if isinstance(value, datetime) and value.tzinfo is not None:
        key = getattr(value.tzinfo, "key", None)
        if isinstance(key, str):
            return key
        if value.utcoffset() == UTC.utcoffset(None):
            return "UTC"
    return zone.key


def _email(address: Any) -> str:
    text = str(address).strip()
    return text[7:] if text.lower().startswith("mailto:") else text


def _attendee(address: vCalAddress) -> Attendee:
    name = address.params.get("CN")
    email = _email(address).lower() or None
    return Attendee(
        email=email if email and "@" in email else None, name=str(name) if name else None
    )


def _uid(event: Event) -> str:
    uid = str(event.get("UID") or "").strip()
    if uid:
        return uid[:255]
    # Feeds without UIDs: one derived from what identifies the event, stable across imports.
    basis = f"{event.get('SUMMARY', '')}|{event.get('DTSTART').to_ical().decode()}"
    return hashlib.sha1(basis.encode()).hexdigest() + "@import"


def _recurrence_id(event: Event, zone: ZoneInfo) -> str:
    value = event.get("RECURRENCE-ID")
    return _aware(value.dt, zone).astimezone(UTC).isoformat() if value is not None else ""


def _rule(event: Event, tz: str) -> str | None:
    rules = event.rrules
    return normalize_rule(rules[0].to_ical().decode(), tz) if rules else None


def _draft(event: Event, zone: ZoneInfo) -> EventDraft:
    start, end = event.start, event.end
    tz = _zone_name(start, zone)
    event_zone = zone_named(tz)
    all_day = not isinstance(start, datetime)
    return EventDraft(
        uid=_uid(event),
        recurrence_id=_recurrence_id(event, event_zone),
        title=str(event.get("SUMMARY", ""))[:300],
        description=str(event.get("DESCRIPTION", "")),
        location=str(event.get("LOCATION", ""))[:500],
        start=_aware(start, event_zone),
        end=_aware(end, event_zone),
        all_day=all_day,
        timezone=tz,
        rrule=_rule(event, tz),
        exdates=tuple(_aware(d, event_zone) for d in event.exdates),
        attendees=tuple(_attendee(a) for a in event.attendees),
        organizer=_email(event.organizer) if event.organizer else "",
        busy=str(event.get("TRANSP", "OPAQUE")).upper() != "TRANSPARENT",
        url=str(event["URL"]) if event.get("URL") else None,
    )


def read_ics(data: bytes | str, tz: str) -> IcsReading:
    """The events of every VCALENDAR in `data`; floating times are read in `tz`.

    Events that cannot be read are reported in `skipped` with the reason; cancelled ones
    (STATUS:CANCELLED) in `cancelled`. Raises IcsError when `data` is not iCalendar.
    """
    default = zone_named(tz)
    reading = IcsReading()
    for calendar in _calendars(data):
        zone = _zone_of(calendar, default)
        for event in calendar.events:
            _read_one(event, zone, reading)
    return reading


def _read_one(event: Event, zone: ZoneInfo, reading: IcsReading) -> None:
    uid = str(event.get("UID") or "")
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        reading.cancelled.append(uid)
        return
    try:
        reading.events.append(_draft(event, zone))
    except (ValueError, ValidationError, RuleError, WhenInputError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        reading.skipped.append(Skipped(uid=uid, reason=reason))


def _local(moment: datetime, draft: EventDraft) -> date | datetime:
    local = moment.astimezone(zone_named(draft.timezone))
    return local.date() if draft.all_day else local


def _address(person: Attendee) -> vCalAddress | None:
    if not person.email:
        return None  # ATTENDEE must be an address; name-only invitees stay in the hub
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    return address


def _event(draft: EventDraft, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", draft.uid)
    event.add("dtstamp", stamp)
    event.add("summary", draft.title)
    event.add("dtstart", _local(draft.start, draft))
    event.add("dtend", _local(draft.end, draft))
    if draft.recurrence_id:
        event.add("recurrence-id", _local(datetime.fromisoformat(draft.recurrence_id), draft))
    if draft.rrule:
        event.add("rrule", vRecur.from_ical(draft.rrule))
    if draft.exdates:
        event.add("exdate", [_local(moment, draft) for moment in draft.exdates])
    _add_details(event, draft)
    return event


def _add_details(event: Event, draft: EventDraft) -> None:
    for value, name in ((draft.description, "description"), (draft.location, "location")):
        if value:
            event.add(name, value)
    if draft.url:
        event.add("url", draft.url)
    if draft.organizer:
        event.add("organizer", vCalAddress(f"mailto:{draft.organizer}"))
    for address in filter(None, map(_address, draft.attendees)):
        event.add("attendee", address)
    event.add("transp", "OPAQUE" if draft.busy else "TRANSPARENT")


def write_ics(drafts: Iterable[EventDraft], *, name: str, stamp: datetime) -> bytes:
    """One VCALENDAR holding `drafts`, with a VTIMEZONE for every zone they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for draft in drafts:
        calendar.add_component(_event(draft, stamp.astimezone(UTC)))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
