"""Schemas of the Zoom connection (user OAuth) and of the enhanced Zoom views."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class AuthorizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    login_hint: str | None = Field(default=None, max_length=320, description="a Zoom email")


class AuthorizationPublic(BaseModel):
    url: str = Field(description="send the user's browser here")
    state: str = Field(description="bound to this user; good once, until expires_at")
    expires_at: datetime


class CodeExchange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=2048)
    state: str = Field(min_length=1, max_length=200)


class ConnectionPublic(BaseModel):
    connected: bool
    mode: Literal["user_oauth", "server_to_server", "none"]
    zoom_user_id: str = ""
    account_id: str = ""
    scope: str = ""
    expires_at: datetime | None = Field(
        default=None, description="of the current access token; it is refreshed as needed"
    )
    server_to_server: bool = Field(description="whether the hub's S2S app is configured")


class ZoomMeetingsPublic(BaseModel):
    user_id: str
    total_records: int
    meetings: list[dict[str, Any]] = Field(
        description="Zoom's list items, each with a `hub` part: tracked, status, insights"
    )


class ZoomRecordingsPublic(BaseModel):
    meeting_id: str
    zoom: dict[str, Any] | None = Field(description="Zoom's cloud recording, when it has one")
    stored: list[dict[str, Any]] = Field(description="the files the hub holds for the meeting")


class ZoomParticipantsPublic(BaseModel):
    meeting_id: str
    total_records: int
    participants: list[dict[str, Any]]
    speakers: list[dict[str, Any]] = Field(
        description="speaking time and engagement per speaker, from the meeting's insights"
    )
