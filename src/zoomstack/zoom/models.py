"""Typed views of the Zoom resources the hub reads, in Zoom's own field names.

Every model keeps fields it does not declare (`extra="allow"`), so nothing Zoom
adds is lost, and every declared field beyond the identifiers has a default,
because Zoom leaves fields out depending on plan, settings and endpoint.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _blank_to_none(value: Any) -> Any:
    return None if value == "" else value


# Zoom sends "" for times that have not happened yet (leave_time, start_time of instant meetings).
Timestamp = Annotated[datetime | None, BeforeValidator(_blank_to_none)]


class ZoomModel(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class TokenResponse(ZoomModel):
    """An answer of the OAuth token endpoint."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int = 3600
    scope: str = ""
    refresh_token: str | None = None
    api_url: str | None = None


class User(ZoomModel):
    id: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    type: int = 1
    status: str = "active"
    role_id: str = ""
    pmi: int | None = None
    timezone: str = ""
    account_id: str = ""
    created_at: Timestamp = None


class MeetingListItem(ZoomModel):
    """A meeting as `GET /users/{userId}/meetings` lists it."""

    id: int
    uuid: str = ""
    host_id: str = ""
    topic: str = ""
    type: int = 2
    start_time: Timestamp = None
    duration: int = 0
    timezone: str = ""
    created_at: Timestamp = None
    join_url: str = ""
    agenda: str = ""


class Meeting(MeetingListItem):
    """A meeting as `GET /meetings/{meetingId}` and create/update answer it."""

    host_email: str = ""
    status: str = ""
    start_url: str = ""
    password: str = ""
    settings: dict[str, Any] = Field(default_factory=dict)
    recurrence: dict[str, Any] | None = None
    occurrences: list[dict[str, Any]] = Field(default_factory=list)


class Participant(ZoomModel):
    """One attendance of a past meeting (`GET /past_meetings/{meetingId}/participants`)."""

    id: str = ""
    name: str = ""
    user_id: str = ""
    user_email: str = ""
    join_time: Timestamp = None
    leave_time: Timestamp = None
    duration: int = 0
    status: str = ""
    internal_user: bool | None = None


class RecordingFile(ZoomModel):
    """A file of a cloud recording; of `participant_audio_files`, one participant's
    own audio, `file_name` theirs."""

    id: str = ""
    meeting_id: str = ""
    file_name: str = ""
    recording_start: Timestamp = None
    recording_end: Timestamp = None
    file_type: str = ""
    file_extension: str = ""
    file_size: int = 0
    download_url: str = ""
    play_url: str = ""
    status: str = ""
    recording_type: str = ""


class RecordingMeeting(ZoomModel):
    """A meeting with its cloud recording files (`GET /meetings/{meetingId}/recordings`,
    items of `GET /users/{userId}/recordings`)."""

    uuid: str
    id: int
    account_id: str = ""
    host_id: str = ""
    topic: str = ""
    type: int | str = 2
    start_time: Timestamp = None
    duration: int = 0
    total_size: int = 0
    recording_count: int = 0
    recording_files: list[RecordingFile] = Field(default_factory=list)
    # "Record a separate audio file of each participant": an M4A per participant.
    participant_audio_files: list[RecordingFile] = Field(default_factory=list)
    download_access_token: str | None = None


class SummaryDetail(ZoomModel):
    label: str = ""
    summary: str = ""


class MeetingSummary(ZoomModel):
    """Zoom's AI Companion summary of a meeting (`GET /meetings/{meetingId}/meeting_summary`)."""

    meeting_uuid: str = ""
    meeting_id: int | None = None
    meeting_host_id: str = ""
    meeting_host_email: str = ""
    meeting_topic: str = ""
    meeting_start_time: Timestamp = None
    meeting_end_time: Timestamp = None
    summary_title: str = ""
    summary_overview: str = ""
    summary_details: list[SummaryDetail] = Field(default_factory=list)
    next_steps: list[str] = Field(default_factory=list)
    summary_content: str = ""
