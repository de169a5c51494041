"""Meetings the hub keeps a copy of, their insights, and the bookkeeping of the Zoom
connection (OAuth states) and the webhook receiver (events seen).

A meeting's public id is Zoom's own meeting id: clients, webhooks and recordings all
name it that way. The copy belongs to one hub user, who alone can see it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, UTCDateTime, new_id, utcnow
from .models import Timestamps


class MeetingStatus(StrEnum):
    waiting = "waiting"  # scheduled, not started
    started = "started"
    ended = "ended"  # the latest instance ended (a recurring one may start again)
    deleted = "deleted"  # cancelled in Zoom; kept for its insights, hidden from the API


class InsightStatus(StrEnum):
    pending = "pending"  # a job was sent
    running = "running"
    done = "done"
    failed = "failed"  # `error` says why; running the job again is allowed


class Meeting(Timestamps, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("user_id", "zoom_id", name="uq_meetings_user_zoom"),
        Index("ix_meetings_user_created", "user_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    zoom_id: Mapped[str] = mapped_column(String(32), index=True)
    uuid: Mapped[str] = mapped_column(String(128), default="")  # the latest instance's
    host_id: Mapped[str] = mapped_column(String(64), default="")
    topic: Mapped[str] = mapped_column(String(300), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[int] = mapped_column(Integer, default=2)
    start_time: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    duration: Mapped[int] = mapped_column(Integer, default=0)
    timezone: Mapped[str] = mapped_column(String(64), default="")
    join_url: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=MeetingStatus.waiting)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Zoom's latest answer for the meeting, whole, so nothing Zoom sends is lost.
    zoom: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class MeetingInsight(Timestamps, Base):
    """What the intel engine found in one transcript (one meeting instance)."""

    __tablename__ = "meeting_insights"
    __table_args__ = (
        UniqueConstraint("recording_id", name="uq_meeting_insights_recording_id"),
        Index("ix_meeting_insights_user_meeting", "user_id", "meeting_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    recording_id: Mapped[str] = mapped_column(
        ForeignKey("recordings.recording_id", ondelete="CASCADE")
    )
    meeting_id: Mapped[str | None] = mapped_column(String(64), default=None)
    meeting_uuid: Mapped[str | None] = mapped_column(String(128), default=None)
    status: Mapped[str] = mapped_column(String(16), default=InsightStatus.pending)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    engine: Mapped[str] = mapped_column(String(32), default="")
    insights: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class OAuthState(Base):
    """One `state` of the Zoom authorization-code flow, bound to the hub user who asked.

    Only its SHA-256 is kept; it works once and until `expires_at`.
    """

    __tablename__ = "oauth_states"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_verifier_encrypted: Mapped[str] = mapped_column(Text)  # PKCE, under the token keys
    redirect_uri: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class WebhookEvent(Base):
    """A Zoom webhook event received, keyed by an id derived from its content.

    Zoom sends no event id; `event_key` is a hash of the event name, its `event_ts` and
    the payload, so a retried delivery of the same event finds this row.
    """

    __tablename__ = "webhook_events"

    event_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    event: Mapped[str] = mapped_column(String(100))
    event_ts: Mapped[int] = mapped_column(BigInteger, default=0)
    signature_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="processing")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
