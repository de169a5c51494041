"""Schemas of calendar events, feeds and imports."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..scheduling.model import Attendee, WhenInputError
from ..scheduling.zones import zone_named
from .auth import EMAIL_PATTERN


def check_zone(value: str) -> str:
    try:
        zone_named(value)
    except WhenInputError as exc:
        raise ValueError(str(exc)) from exc
    return value


def localize(moment: datetime, tz: str) -> datetime:
    """A time sent without an offset is read in the request's zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone_named(tz))


class AttendeeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, pattern=EMAIL_PATTERN, max_length=320)
    name: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _named(self) -> AttendeeIn:
        if not (self.email or self.name):
            raise ValueError("an attendee needs an email or a name")
        return self

    def attendee(self) -> Attendee:
        return Attendee(email=self.email.lower() if self.email else None, name=self.name)


class EventWrite(BaseModel):
    """An event made in the hub; `end` or `duration_minutes`, times without an offset in
    `timezone`; `rrule` an RFC 5545 rule ("FREQ=WEEKLY;BYDAY=MO")."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    start: datetime
    end: datetime | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=14 * 24 * 60)
    timezone: str = Field(default="UTC", max_length=64)
    all_day: bool = False
    rrule: str | None = Field(default=None, max_length=500)
    attendees: list[AttendeeIn] = Field(default_factory=list, max_length=200)
    location: str = Field(default="", max_length=500)
    description: str = Field(default="", max_length=10_000)
    busy: bool = True

    _zone = field_validator("timezone")(check_zone)

    @model_validator(mode="after")
    def _times(self) -> EventWrite:
        if (self.end is None) == (self.duration_minutes is None):
            raise ValueError("give either end or duration_minutes")
        if self.end is not None and self.ends_at() <= self.starts_at():
            raise ValueError("end must be after start")
        return self

    def starts_at(self) -> datetime:
        return localize(self.start, self.timezone)

    def ends_at(self) -> datetime:
        if self.end is not None:
            return localize(self.end, self.timezone)
        return self.starts_at() + timedelta(minutes=self.duration_minutes or 0)


class EventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    source: str
    feed_id: str | None
    uid: str
    recurrence_id: str
    title: str
    description: str
    location: str
    start: datetime = Field(validation_alias="start_at")
    end: datetime = Field(validation_alias="end_at")
    all_day: bool
    timezone: str
    rrule: str | None
    exdates: list[str]
    attendees: list[dict[str, Any]]
    organizer: str
    busy: bool
    meeting_id: str | None
    join_url: str | None
    created_at: datetime
    updated_at: datetime


class FeedPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    event_count: int
    created_at: datetime
    imported_at: datetime


class SkippedEvent(BaseModel):
    uid: str
    reason: str


class ImportAnswer(BaseModel):
    feed: FeedPublic
    created: int
    updated: int
    removed: int
    skipped: list[SkippedEvent]
    cancelled: list[str]


class FeedList(BaseModel):
    feeds: list[FeedPublic]
