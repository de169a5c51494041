"""Each hub user's calendar: events made in the hub, imported from iCalendar feeds, or
written for the Zoom meetings the scheduler books (which add attendees to the meeting).

Times are stored in UTC with the zone they were written in (`timezone`), because a
recurring event repeats at the same wall-clock time across daylight saving changes.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, UTCDateTime, new_id, utcnow
from .models import Timestamps


class EventSource(StrEnum):
    hub = "hub"  # made in the hub (POST /api/calendar/events)
    ics = "ics"  # imported from an iCalendar file or feed
    zoom = "zoom"  # the calendar entry of a Zoom meeting the scheduler booked


class CalendarFeed(Base):
    """An imported iCalendar feed; importing it again replaces what it holds."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_calendar_feeds_user_name"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarEvent(Timestamps, Base):
    """One event, or one recurring series (`rrule`), on a hub user's calendar.

    `uid` is the iCalendar UID; a moved occurrence of a series is its own row with the
    series' uid and the original start in `recurrence_id` ("" for everything else).
    """

    __tablename__ = "calendar_events"
    __table_args__ = (
        UniqueConstraint(
            "user_id", "uid", "recurrence_id", name="uq_calendar_events_user_uid_recurrence"
        ),
        Index("ix_calendar_events_user_start", "user_id", "start_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(8), default=EventSource.hub)
    feed_id: Mapped[str | None] = mapped_column(
        ForeignKey("calendar_feeds.id", ondelete="CASCADE"), default=None, index=True
    )
    uid: Mapped[str] = mapped_column(String(255))
    recurrence_id: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(500), default="")
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the last occurrence ends; None for a series without an end.
    last_end_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    all_day: Mapped[bool] = mapped_column(default=False)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    rrule: Mapped[str | None] = mapped_column(Text, default=None)
    exdates: Mapped[list[str]] = mapped_column(JSONType, default=list)
    attendees: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    organizer: Mapped[str] = mapped_column(String(320), default="")
    busy: Mapped[bool] = mapped_column(default=True)
    meeting_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    join_url: Mapped[str | None] = mapped_column(Text, default=None)
