"""Schemas of meetings: what clients send to create or change one, what they get back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..db.meeting_models import Meeting

MeetingType = Literal[1, 2, 3, 8]  # instant, scheduled, recurring (no time), recurring


class MeetingFields(BaseModel):
    """What Zoom lets a meeting's owner set; the hub passes it on in Zoom's names."""

    model_config = ConfigDict(extra="forbid")

    topic: str | None = Field(default=None, min_length=1, max_length=200)
    type: MeetingType | None = None
    start_time: datetime | None = None
    duration: int | None = Field(default=None, ge=1, le=24 * 60, description="minutes")
    timezone: str | None = Field(default=None, max_length=64)
    agenda: str | None = Field(default=None, max_length=2000)
    password: str | None = Field(default=None, max_length=10)
    settings: dict[str, Any] | None = None
    recurrence: dict[str, Any] | None = None

    @field_validator("start_time")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # as Zoom reads a time without a zone
        return value

    def zoom_body(self) -> dict[str, Any]:
        """The fields that were given, as Zoom's API wants them (times in UTC, `Z`)."""
        body = self.model_dump(exclude_unset=True, exclude_none=True)
        if isinstance(body.get("start_time"), datetime):
            body["start_time"] = body["start_time"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return body


class MeetingCreate(MeetingFields):
    topic: str | None = Field(default="Zoom meeting", min_length=1, max_length=200)
    type: MeetingType | None = 2


class MeetingUpdate(MeetingFields):
    pass


class MeetingPublic(BaseModel):
    id: int = Field(description="Zoom's meeting id")
    uuid: str = Field(description="the latest instance's UUID")
    host_id: str
    topic: str
    agenda: str
    type: int
    start_time: datetime | None
    duration: int
    timezone: str
    join_url: str
    status: str
    started_at: datetime | None
    ended_at: datetime | None
    created_at: datetime
    updated_at: datetime
    zoom: dict[str, Any] = Field(description="Zoom's latest answer for the meeting, whole")

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingPublic:
        values = {name: getattr(meeting, name) for name in cls.model_fields if name != "id"}
        return cls.model_validate({**values, "id": int(meeting.zoom_id)})


class MeetingList(BaseModel):
    page_size: int
    next_page_token: str
    total_records: int
    meetings: list[MeetingPublic]
