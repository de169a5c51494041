"""The durable truth of background work: what the sync and the watcher must store.

One `SyncItem` per file the hub has to fetch (a Zoom cloud file, a file in a watched
folder). The job engine only carries item ids; whether a file is stored, being
fetched, waiting for a retry or failed for good is read from here, so a job lost
with a process is found again by the reconcile pass (see `hub.sync.items`).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, UTCDateTime, new_id
from .models import Timestamps


class SyncStatus(StrEnum):
    pending = "pending"  # to fetch (now, or once next_attempt_at has passed)
    running = "running"  # claimed by a worker until lease_until
    done = "done"  # stored; recording_id says where
    failed = "failed"  # gave up after the last attempt; last_error says why


class RunStatus(StrEnum):
    listing = "listing"
    fetching = "fetching"
    done = "done"
    failed = "failed"


class SyncRun(Timestamps, Base):
    """One pass over the account's cloud recordings in a date window."""

    __tablename__ = "sync_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.listing)
    window_from: Mapped[date] = mapped_column(Date)
    window_to: Mapped[date] = mapped_column(Date)
    files_found: Mapped[int] = mapped_column(Integer, default=0)
    files_queued: Mapped[int] = mapped_column(Integer, default=0)
    retry_failed: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class SyncItem(Timestamps, Base):
    """One file to bring into storage, and how far that has got."""

    __tablename__ = "sync_items"
    __table_args__ = (
        UniqueConstraint("user_id", "external_id", name="uq_sync_items_user_external"),
        Index("ix_sync_items_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))  # "cloud" or "folder"
    # The same id the recording row keeps: Zoom's file id, or the watched file's path.
    external_id: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default=SyncStatus.pending)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    kicked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    claimed_by: Mapped[str | None] = mapped_column(String(100), default=None)
    run_id: Mapped[str | None] = mapped_column(
        ForeignKey("sync_runs.id", ondelete="SET NULL"), default=None, index=True
    )
    recording_id: Mapped[str | None] = mapped_column(
        ForeignKey("recordings.recording_id", ondelete="SET NULL"), default=None
    )
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    # What fetching needs (download URL, file type, meeting, local path ...).
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
