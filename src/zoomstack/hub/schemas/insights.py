"""Schemas of meeting insights and the chat summary command."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class InsightsPublic(BaseModel):
    meeting_id: str
    meeting_uuid: str | None
    recording_id: str
    status: str = Field(description="pending, running, done or failed")
    attempts: int
    engine: str
    error: str | None
    processed_at: datetime | None
    insights: dict[str, Any] | None = Field(
        description="summary, key points, decisions, action items, participant analytics"
    )


class SummaryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    meeting_id: str = Field(pattern=r"^\d{1,20}$", description="Zoom's meeting id")
    refresh: bool = Field(default=False, description="make the insights again first")


class SummaryAnswer(BaseModel):
    meeting_id: str
    status: str
    message: str = Field(description="the summary as one chat message")
    summary: dict[str, Any] | None = None
    action_items: list[dict[str, Any]] = Field(default_factory=list)
    decisions: list[dict[str, Any]] = Field(default_factory=list)
