"""API schemas of the cloud sync and the folder monitor."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class SyncRequest(BaseModel):
    """A sync over a window of days (default: the last `sync_lookback_days`)."""

    model_config = ConfigDict(populate_by_name=True)

    from_: date | None = Field(default=None, alias="from")
    to: date | None = None
    retry_failed: bool = Field(default=False, description="also retry files that failed")


class SyncRunPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    status: str
    window_from: date
    window_to: date
    files_found: int
    files_queued: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None


class FailedFile(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    source: str
    external_id: str
    attempts: int
    last_error: str | None
    updated_at: datetime


class SyncStatusPublic(BaseModel):
    connected: bool
    counts: dict[str, int]
    runs: list[SyncRunPublic]
    failed: list[FailedFile]


class MonitorPath(BaseModel):
    path: str = Field(min_length=1, max_length=1000)


class MonitorStart(BaseModel):
    path: str | None = Field(default=None, min_length=1, max_length=1000)


class MonitorStatus(BaseModel):
    running: bool
    path: str | None
    started_at: datetime | None
    waiting: int = Field(description="files seen, waiting for their size to hold")
    handed_over: int = Field(description="files queued for storing since start")
    counts: dict[str, int] = Field(description="the user's watched files by status")
