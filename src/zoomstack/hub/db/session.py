"""Engine and session factory for SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool

ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


def async_url(url: str) -> str:
    """`sqlite:///x` and `postgresql://...` as the async drivers spell them."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in ASYNC_DRIVERS:
        raise ValueError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")
    return parsed.set(drivername=ASYNC_DRIVERS[backend]).render_as_string(hide_password=False)


@dataclass(slots=True)
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    schema: str = ""

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()


def open_database(url: str, *, schema: str = "") -> Database:
    """An engine for `url`; `schema` puts the hub's tables in a PostgreSQL schema."""
    full = async_url(url)
    engine = create_async_engine(full, **_engine_options(full, schema))
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    return Database(engine=engine, sessions=sessions, schema=schema)


def _engine_options(url: str, schema: str) -> dict[str, Any]:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        settings = {"search_path": schema} if schema else {}
        return {"pool_pre_ping": True, "connect_args": {"server_settings": settings}}
    database = parsed.database or ""
    if database in ("", ":memory:"):
        # One connection, or each would see its own empty in-memory database.
        return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    return {}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
