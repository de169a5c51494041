"""The hub's tables. API schemas (Create/Update/Public) live in `hub.schemas`, apart."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, UTCDateTime, new_id, utcnow


class ProcessingStatus(StrEnum):
    pending = "pending"  # row written, file not stored yet
    stored = "stored"  # file in storage, nothing derived yet
    processing = "processing"
    processed = "processed"
    failed = "failed"


class TokenKind(StrEnum):
    session = "session"  # from a login, expires
    api_key = "api_key"  # made by the user for scripts, lives until revoked


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class User(Timestamps, Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)


class ApiToken(Base):
    """A bearer token or API key; only its SHA-256 is kept, the value is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Recording(Timestamps, Base):
    """One stored media or transcript file, owned by one hub user."""

    __tablename__ = "recordings"
    __table_args__ = (
        UniqueConstraint("user_id", "external_id", name="uq_recordings_user_external"),
        Index("ix_recordings_user_created", "user_id", "created_at", "recording_id"),
    )

    recording_id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Where the file came from: "upload", "cloud" (Zoom) or "folder"; external_id is
    # the source's own id (Zoom's recording file id, a watched file's path) so a
    # second sync of the same file finds the row instead of adding one.
    source: Mapped[str] = mapped_column(String(16), default="upload")
    external_id: Mapped[str | None] = mapped_column(String(300), default=None)
    meeting_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    meeting_uuid: Mapped[str | None] = mapped_column(String(128), default=None)
    meeting_title: Mapped[str] = mapped_column(String(300), default="")
    meeting_start: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    file_name: Mapped[str] = mapped_column(String(255))
    file_type: Mapped[str] = mapped_column(String(16))
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    file_size: Mapped[int] = mapped_column(BigInteger, default=0)
    checksum: Mapped[str] = mapped_column(String(64), default="")
    storage_key: Mapped[str] = mapped_column(String(600), default="")
    file_url: Mapped[str | None] = mapped_column(Text, default=None)
    processing_status: Mapped[str] = mapped_column(String(16), default=ProcessingStatus.pending)
    transcription_text: Mapped[str | None] = mapped_column(Text, default=None)
    summary: Mapped[str | None] = mapped_column(Text, default=None)
    action_items: Mapped[list[Any] | None] = mapped_column(JSONType, default=None)
    # Zoom's separate audio file of one participant: their name (None for other files).
    speaker: Mapped[str | None] = mapped_column(String(200), default=None)


class ZoomToken(Timestamps, Base):
    """A user's Zoom OAuth tokens, encrypted at rest (see `hub.auth.crypto`)."""

    __tablename__ = "zoom_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    access_token_encrypted: Mapped[str] = mapped_column(Text)
    refresh_token_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    scope: Mapped[str] = mapped_column(Text, default="")
    account_id: Mapped[str] = mapped_column(String(64), default="")
    # Who the tokens act for in Zoom: webhooks name the host, not the hub user.
    zoom_user_id: Mapped[str] = mapped_column(String(64), default="", index=True)
