"""Schemas of the scheduling API: calendar view, plain-language scheduling, meetings."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..scheduling.availability import Busy
from ..scheduling.entries import Entry
from ..scheduling.model import Attendee, When
from ..scheduling.planner import Proposal, details
from ..scheduling.zones import zone_named
from .auth import EMAIL_PATTERN
from .calendar import check_zone, localize
from .meetings import MeetingPublic

MAX_VIEW_DAYS = 366


def day_or_time(value: str, tz: str, *, end: bool) -> datetime:
    """'2025-03-06' (the whole day: its start, or for an end the next midnight) or an ISO
    datetime (without an offset: in `tz`)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return localize(datetime.fromisoformat(value), tz)
    if end:
        day += timedelta(days=1)
    return datetime.combine(day, time(), tzinfo=zone_named(tz))


class CalendarView(BaseModel):
    start: datetime
    end: datetime
    timezone: str
    entries: list[Entry]


class ConflictPublic(BaseModel):
    """Someone is busy then: the caller's own entries in full, other people's as busy."""

    attendee: str
    start: datetime
    end: datetime
    kind: Literal["event", "meeting", "busy"]
    title: str | None = None
    id: str | None = None
    source: str | None = None

    @classmethod
    def of(cls, busy: Busy) -> ConflictPublic:
        return cls.model_validate(details(busy))


class ProposalPublic(BaseModel):
    start: datetime
    end: datetime
    confidence: float
    asked: bool = Field(description="the time the request named (not one the hub picked)")
    conflicts: list[ConflictPublic]

    @classmethod
    def of(cls, proposal: Proposal, tz: str) -> ProposalPublic:
        zone = zone_named(tz)
        return cls(
            start=proposal.start.astimezone(zone),
            end=proposal.end.astimezone(zone),
            confidence=proposal.confidence,
            asked=proposal.asked,
            conflicts=[ConflictPublic.of(b) for b in proposal.conflicts],
        )


def _emails(value: list[str]) -> list[str]:
    bad = [p for p in value if not re.match(EMAIL_PATTERN, p)]
    if bad:
        raise ValueError(f"participants must be email addresses, not: {', '.join(bad)}")
    return [p.lower() for p in value]


class ScheduleRequest(BaseModel):
    """A meeting to schedule, said in plain language and/or given field by field."""

    model_config = ConfigDict(extra="forbid")

    natural_language: str = Field(default="", max_length=1000)
    participants: list[str] = Field(default_factory=list, max_length=100)
    duration_hint: int | None = Field(default=None, ge=5, le=24 * 60, description="minutes")
    timezone: str = Field(default="UTC", max_length=64)
    topic: str | None = Field(default=None, min_length=1, max_length=200)
    agenda: str = Field(default="", max_length=2000)
    start_time: datetime | None = Field(default=None, description="an exact time, if known")
    book: bool | None = Field(
        default=None,
        description="true: book the best proposal; false: only propose; "
        "unset: book when it is sure enough (confidence >= 0.8)",
    )
    force: bool = Field(default=False, description="book even over conflicts")
    settings: dict[str, Any] = Field(default_factory=dict, description="Zoom settings to set")
    now: datetime | None = Field(default=None, description="read the phrase as of this moment")

    _zone = field_validator("timezone")(check_zone)
    _people = field_validator("participants")(_emails)


class QuickScheduleRequest(BaseModel):
    """Book the earliest time everyone is free."""

    model_config = ConfigDict(extra="forbid")

    topic: str = Field(default="Quick meeting", min_length=1, max_length=200)
    duration_minutes: int = Field(default=30, ge=5, le=8 * 60)
    participants: list[str] = Field(default_factory=list, max_length=100)
    timezone: str = Field(default="UTC", max_length=64)
    agenda: str = Field(default="", max_length=2000)
    earliest: datetime | None = Field(default=None, description="not before (default: now)")
    within_days: int = Field(default=7, ge=1, le=60)
    working_hours_only: bool = True
    settings: dict[str, Any] = Field(default_factory=dict)

    _zone = field_validator("timezone")(check_zone)
    _people = field_validator("participants")(_emails)


class ScheduleAnswer(BaseModel):
    status: Literal["booked", "proposed", "needs_clarification"]
    confidence: float
    topic: str
    duration_minutes: int
    timezone: str
    kind: str = Field(description="external, interview, large, standup, one_on_one, internal")
    settings: dict[str, Any]
    attendees: list[Attendee]
    recurrence: str | None
    proposals: list[ProposalPublic]
    question: str | None
    checked: dict[str, list[str]] = Field(description="whose calendars were seen, and where")
    meeting: MeetingPublic | None = None
    calendar_event_id: str | None = None
    parsed: When | None = None


class MeetingChange(BaseModel):
    """New values for a meeting; what is left out stays. Times and people are checked for
    conflicts unless `force`."""

    model_config = ConfigDict(extra="forbid")

    topic: str | None = Field(default=None, min_length=1, max_length=200)
    start_time: datetime | None = None
    duration: int | None = Field(default=None, ge=1, le=24 * 60)
    timezone: str | None = Field(default=None, max_length=64)
    agenda: str | None = Field(default=None, max_length=2000)
    participants: list[str] | None = Field(default=None, max_length=100)
    settings: dict[str, Any] | None = None
    force: bool = False

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return check_zone(value) if value is not None else None

    @field_validator("participants")
    @classmethod
    def _people(cls, value: list[str] | None) -> list[str] | None:
        return _emails(value) if value is not None else None


class ScheduledMeeting(BaseModel):
    meeting: MeetingPublic
    attendees: list[Attendee]
    calendar_event_id: str | None
