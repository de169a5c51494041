"""Schemas of recordings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..db.models import ProcessingStatus


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
    processing_status: ProcessingStatus
    transcription_text: str | None
    summary: str | None
    action_items: list[Any] | None
    created_at: datetime
    updated_at: datetime


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
