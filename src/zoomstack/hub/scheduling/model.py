"""The answers of the scheduling parser: what a phrase says about when, with whom, and what."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class Window(BaseModel):
    """An interval the meeting should fit in: it may start at `earliest` and must end by `latest`."""

    model_config = ConfigDict(frozen=True)

    earliest: datetime
    latest: datetime


class Attendee(BaseModel):
    """Someone the phrase invites, by email, by name, or both."""

    model_config = ConfigDict(frozen=True)

    name: str | None = None
    email: str | None = None


class When(BaseModel):
    """What a scheduling phrase means, relative to a `now` and a time zone.

    Either `start`/`end` (an exact time), or `window` (only a day or a part of a day was given),
    or `ambiguous` with a `reason` and, where the phrase has several readings, their `candidates`.
    Times are aware datetimes in `timezone`.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    timezone: str
    start: datetime | None = None
    end: datetime | None = None
    window: Window | None = None
    duration_minutes: int
    duration_explicit: bool = False
    rrule: str | None = None
    attendees: list[Attendee] = Field(default_factory=list)
    topic: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    ambiguous: bool = False
    reason: str | None = None
    candidates: list[Window] = Field(default_factory=list)


class WhenInputError(ValueError):
    """The request itself is unusable: a naive `now`, an unknown time zone, text that is not text."""
