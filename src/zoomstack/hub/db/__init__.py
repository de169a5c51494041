"""The hub's database: tables, engine and sessions, and Alembic migrations."""

from .base import Base
from .calendar_models import CalendarEvent, CalendarFeed, EventSource
from .meeting_models import (
    InsightStatus,
    Meeting,
    MeetingInsight,
    MeetingStatus,
    OAuthState,
    WebhookEvent,
)
from .models import ApiToken, ProcessingStatus, Recording, TokenKind, User, ZoomToken
from .session import Database, open_database
from .sync_models import SyncItem, SyncRun, SyncStatus
from .transcription_models import Transcription, TranscriptionChunk, TranscriptionStatus

__all__ = [
    "ApiToken",
    "Base",
    "CalendarEvent",
    "CalendarFeed",
    "Database",
    "EventSource",
    "InsightStatus",
    "Meeting",
    "MeetingInsight",
    "MeetingStatus",
    "OAuthState",
    "ProcessingStatus",
    "Recording",
    "SyncItem",
    "SyncRun",
    "SyncStatus",
    "TokenKind",
    "Transcription",
    "TranscriptionChunk",
    "TranscriptionStatus",
    "User",
    "WebhookEvent",
    "ZoomToken",
    "open_database",
]
