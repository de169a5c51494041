"""The hub's database: tables, engine and sessions, and Alembic migrations."""

from .base import Base
from .models import ApiToken, ProcessingStatus, Recording, TokenKind, User, ZoomToken
from .session import Database, open_database

__all__ = [
    "ApiToken",
    "Base",
    "Database",
    "ProcessingStatus",
    "Recording",
    "TokenKind",
    "User",
    "ZoomToken",
    "open_database",
]
