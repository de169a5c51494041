"""Schemas of chat commands and their answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..scheduling.entries import Entry
from .calendar import check_zone
from .insights import SummaryAnswer
from .meetings import MeetingPublic
from .scheduling import ConflictPublic, ProposalPublic


class ChatCommand(BaseModel):
    """A command in plain words: "schedule a meeting with John tomorrow at 2pm",
    "cancel my 3pm", "what's on tomorrow?", "move the design review to Friday 10am",
    "summary of yesterday's standup", "join link for the standup"."""

    model_config = ConfigDict(extra="forbid")

    command: str = Field(min_length=1, max_length=1000)
    timezone: str = Field(default="UTC", max_length=64)
    now: datetime | None = Field(default=None, description="read the command as of this moment")
    force: bool = Field(default=False, description="book or move even over conflicts")

    _zone = field_validator("timezone")(check_zone)


class MeetingQuery(BaseModel):
    """A meeting named in words ("the standup", "my 3pm") or by Zoom's id."""

    model_config = ConfigDict(extra="forbid")

    meeting: str | None = Field(default=None, min_length=1, max_length=300)
    meeting_id: str | None = Field(default=None, pattern=r"^\d{1,20}$")
    timezone: str = Field(default="UTC", max_length=64)
    now: datetime | None = None
    refresh: bool = Field(default=False, description="ask Zoom for the meeting's state first")

    _zone = field_validator("timezone")(check_zone)

    @model_validator(mode="after")
    def _named(self) -> MeetingQuery:
        if (self.meeting is None) == (self.meeting_id is None):
            raise ValueError("give either meeting (in words) or meeting_id")
        return self


class ChatAnswer(BaseModel):
    intent: str = Field(
        description="schedule, cancel, reschedule, agenda, summary, join_link, status or clarify"
    )
    action: str = Field(
        description="what was done: booked, proposed, cancelled, moved, listed, "
        "summary, join_link, status; or clarify, conflict, not_found"
    )
    reply: str
    question: str | None = None
    meeting: MeetingPublic | None = None
    entries: list[Entry] = Field(default_factory=list)
    proposals: list[ProposalPublic] = Field(default_factory=list)
    conflicts: list[ConflictPublic] = Field(default_factory=list)
    summary: SummaryAnswer | None = None
    join_url: str | None = None
