"""Transcriptions of recordings that have audio but no transcript, and their chunks.

A long file is transcribed a chunk at a time; each finished chunk is a row, so a job
that dies resumes after the last one and the work done is never done again.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, UTCDateTime, new_id
from .models import Timestamps


class TranscriptionStatus(StrEnum):
    pending = "pending"  # a job was sent, or will be again
    running = "running"  # claimed until lease_until
    done = "done"  # transcript_id names the stored WebVTT
    failed = "failed"  # `error` says why; asking again is allowed
    skipped = "skipped"  # the recording has a transcript of its own (`error` says which)


class Transcription(Timestamps, Base):
    __tablename__ = "transcriptions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    recording_id: Mapped[str] = mapped_column(
        ForeignKey("recordings.recording_id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(16), default=TranscriptionStatus.pending)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    model: Mapped[str] = mapped_column(String(100), default="")
    duration_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    seconds_done: Mapped[float] = mapped_column(Float, default=0.0)
    chunks_done: Mapped[int] = mapped_column(Integer, default=0)
    transcript_id: Mapped[str | None] = mapped_column(
        ForeignKey("recordings.recording_id", ondelete="SET NULL"), default=None
    )
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    claimed_by: Mapped[str | None] = mapped_column(String(100), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def progress(self) -> float:
        """From 0 to 1: the share of the audio transcribed so far."""
        if self.status == TranscriptionStatus.done:
            return 1.0
        if self.duration_seconds <= 0:
            return 0.0
        return min(self.seconds_done / self.duration_seconds, 1.0)


class TranscriptionChunk(Base):
    """One finished stretch of audio: where it ends and the cues heard in it."""

    __tablename__ = "transcription_chunks"

    transcription_id: Mapped[str] = mapped_column(
        ForeignKey("transcriptions.id", ondelete="CASCADE"), primary_key=True
    )
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_seconds: Mapped[float] = mapped_column(Float)
    end_seconds: Mapped[float] = mapped_column(Float)
    end_sample: Mapped[int] = mapped_column(BigInteger)  # where the next chunk starts (16 kHz)
    # [[start, end, speaker, text], ...] in seconds from the start of the file
    cues: Mapped[list[Any]] = mapped_column(JSONType, default=list)
