"""Persistence for the emulator: SQLite by default, PostgreSQL as an option."""

from __future__ import annotations

from .base import ConflictError, Doc, Listing, Page, Parent, Query, Store, dumps, loads
from .postgres import PostgresStore
from .sqlite import SQLiteStore

__all__ = [
    "ConflictError",
    "Doc",
    "Listing",
    "Page",
    "Parent",
    "PostgresStore",
    "Query",
    "SQLiteStore",
    "Store",
    "dumps",
    "loads",
    "open_store",
]


class UnsupportedStoreError(ValueError):
    """The store URL names an engine the emulator does not speak."""


async def open_store(url: str) -> Store:
    """Open (and create if needed) the store a URL names."""
    store: Store
    if url.startswith("sqlite:"):
        store = SQLiteStore(url)
    elif url.startswith(("postgresql:", "postgres:", "postgresql+asyncpg:")):
        store = PostgresStore(url.replace("postgres://", "postgresql://", 1))
    else:
        raise UnsupportedStoreError(
            f"unsupported store URL {url!r}: use sqlite:///path, sqlite:///:memory: "
            "or postgresql://user@host/db"
        )
    await store.open()
    return store
