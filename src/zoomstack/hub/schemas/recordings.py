"""Schemas of recordings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..db.models import ProcessingStatus


class TranscriptionPublic(BaseModel):
    """The hub's own transcription of a recording that came without a transcript."""

    model_config = ConfigDict(from_attributes=True)

    status: str  # pending, running, done, failed, skipped
    progress: float = Field(description="0 to 1: the share of the audio transcribed")
    seconds_done: float
    duration_seconds: float
    chunks_done: int
    model: str
    error: str | None = Field(description="why it failed, or why it was skipped")
    transcript_id: str | None = Field(description="the recording id of the WebVTT it made")
    updated_at: datetime


class RecordingPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    recording_id: str
    source: str
    meeting_id: str | None
    meeting_uuid: str | None
    meeting_title: str
    meeting_start: datetime | None = None
    file_name: str
    file_type: str
    content_type: str
    file_size: int
    checksum: str
    file_url: str | None
    speaker: str | None = Field(
        default=None, description="whose voice alone it holds (Zoom's per-participant audio)"
    )
    processing_status: ProcessingStatus
    transcription_text: str | None
    summary: str | None
    action_items: list[Any] | None
    created_at: datetime
    updated_at: datetime
    transcription: TranscriptionPublic | None = None


class RecordingUpdate(BaseModel):
    """Fields a client (or the processing that follows) may set; the file stays as is."""

    model_config = ConfigDict(extra="forbid")

    meeting_title: str | None = Field(default=None, max_length=300)
    processing_status: ProcessingStatus | None = None
    transcription_text: str | None = None
    summary: str | None = None
    action_items: list[Any] | None = None


class RecordingList(BaseModel):
    page_size: int
    next_page_token: str
    total_records: int
    recordings: list[RecordingPublic]


class DownloadLink(BaseModel):
    url: str
    expires_at: datetime
