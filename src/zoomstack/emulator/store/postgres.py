"""PostgreSQL store: same tables and behaviour as SQLite, for several hosts or heavy load."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import asyncpg

from . import sql
from .base import (
    ConflictError,
    Doc,
    Listing,
    Page,
    Parent,
    Query,
    UpdateFn,
    doc_from_row,
    doc_row,
    list_under_in_steps,
)

Conn = Any  # asyncpg.Connection or a pool proxy; asyncpg's own types are loose here

# One advisory lock key serialises schema creation when several workers start at once.
_SCHEMA_LOCK = 0x5A5A_0001


def q(text: str) -> str:
    return sql.numbered(text)


class PostgresStore:
    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 10) -> None:
        self.url = url
        self._pool: asyncpg.Pool | None = None
        self._min_size = min_size
        self._max_size = max_size

    async def open(self) -> None:
        dsn = self.url.replace("postgresql+asyncpg://", "postgresql://")
        self._pool = await asyncpg.create_pool(
            dsn, min_size=self._min_size, max_size=self._max_size
        )
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _SCHEMA_LOCK)
            for statement in sql.schema("BYTEA"):
                await conn.execute(statement)

    @property
    def pool(self) -> asyncpg.Pool:
        assert self._pool is not None, "store is not open"
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def reset(self) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute(f"TRUNCATE {', '.join(sql.TABLES)}")

    # -- reads -------------------------------------------------------------------

    def snapshot(self) -> AbstractContextManager[None]:
        return nullcontext()

    async def get_raw(self, kind: str, id: str, account_id: str) -> bytes | None:
        value = await self.pool.fetchval(q(sql.GET_BODY), kind, id, account_id)
        return bytes(value) if value is not None else None

    async def get(self, kind: str, id: str) -> Doc | None:
        async with self.pool.acquire() as conn:
            return await _load(conn, kind, id)

    async def resolve(self, kind: str, key: str) -> str | None:
        if await self.pool.fetchval(q(sql.EXISTS), kind, key):
            return key
        value = await self.pool.fetchval(q(sql.RESOLVE_ALIAS), kind, key)
        return str(value) if value is not None else None

    async def list_page(self, query: Query) -> Page:
        text, args = sql.list_query(query)
        rows = await self.pool.fetch(q(text), *args)
        page = Page(items=[bytes(r[2]) for r in rows[: query.limit]])
        if len(rows) > query.limit:
            last = rows[query.limit - 1]
            page.cursor = (last[0], last[1])
        return page

    async def count(self, query: Query) -> int:
        text, args = sql.count_query(query)
        return int(await self.pool.fetchval(q(text), *args))

    async def list_under(self, query: Query, parent: Parent) -> Listing | None:
        return await list_under_in_steps(self, query, parent)

    async def meta_get(self, key: str) -> str | None:
        value = await self.pool.fetchval(q(sql.META_GET), key)
        return str(value) if value is not None else None

    async def dump(self) -> list[Doc]:
        aliases: dict[tuple[str, str], list[str]] = {}
        for kind, id, alias in await self.pool.fetch(sql.DUMP_ALIASES):
            aliases.setdefault((kind, id), []).append(alias)
        rows = await self.pool.fetch(sql.DUMP)
        return [doc_from_row(row, aliases.get((row[0], row[1]), ())) for row in rows]

    # -- writes ------------------------------------------------------------------

    async def insert(self, doc: Doc) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await _insert(conn, doc)

    async def insert_many(self, docs: Iterable[Doc]) -> int:
        """Insert a batch in one transaction; executemany pipelines the rows (bulk seeding)."""
        batch = list(docs)
        async with self.pool.acquire() as conn, conn.transaction():
            try:
                await conn.executemany(q(sql.INSERT_DOC), [doc_row(doc) for doc in batch])
                await conn.executemany(q(sql.INSERT_ALIAS), sql.alias_rows(batch))
            except asyncpg.UniqueViolationError as exc:
                raise ConflictError("a document of the batch already exists") from exc
            await conn.executemany(q(sql.COUNT_ADD), sql.count_rows(batch))
        return len(batch)

    async def upsert(self, doc: Doc) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            old = await _load(conn, doc.kind, doc.id, lock=True)
            if old is None:
                await _insert(conn, doc)
            else:
                await _replace(conn, old, doc)

    async def update(self, kind: str, id: str, fn: UpdateFn) -> Doc | None:
        async with self.pool.acquire() as conn, conn.transaction():
            old = await _load(conn, kind, id, lock=True)
            if old is None:
                return None
            new = fn(old)
            if new is None:
                return old
            await _replace(conn, old, new)
            return new

    async def delete(self, kind: str, id: str) -> Doc | None:
        async with self.pool.acquire() as conn, conn.transaction():
            old = await _load(conn, kind, id, lock=True)
            if old is not None:
                await _remove(conn, old)
            return old

    async def delete_under(self, kind: str, account_id: str, parent: str) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(q(sql.SELECT_UNDER) + " FOR UPDATE", kind, account_id, parent)
            for row in rows:
                await _remove(conn, doc_from_row(row))
            return len(rows)

    async def meta_set(self, key: str, value: str) -> None:
        await self.pool.execute(q(sql.META_SET), key, value)

    async def replace_in_bodies(self, old: str, new: str) -> int:
        status = await self.pool.execute(_REPLACE_IN_BODIES, old, new)
        return int(status.rsplit(" ", 1)[-1])  # "UPDATE n"


# Bodies are UTF-8 JSON kept as bytea: replaced as text, stored back as bytes.
_REPLACE_IN_BODIES = """UPDATE docs
    SET body = convert_to(replace(convert_from(body, 'UTF8'), $1, $2), 'UTF8'),
        brief = convert_to(replace(convert_from(brief, 'UTF8'), $1, $2), 'UTF8')
    WHERE position(convert_to($1, 'UTF8') in body) > 0
       OR position(convert_to($1, 'UTF8') in brief) > 0"""


async def _load(conn: Conn, kind: str, id: str, *, lock: bool = False) -> Doc | None:
    text = q(sql.GET_DOC) + (" FOR UPDATE" if lock else "")
    row = await conn.fetchrow(text, kind, id)
    if row is None:
        return None
    aliases = [r[0] for r in await conn.fetch(q(sql.GET_ALIASES), kind, id)]
    return doc_from_row(row, aliases)


async def _insert(conn: Conn, doc: Doc) -> None:
    try:
        await conn.execute(q(sql.INSERT_DOC), *doc_row(doc))
        for alias in doc.aliases:
            await conn.execute(q(sql.INSERT_ALIAS), doc.kind, alias, doc.id)
    except asyncpg.UniqueViolationError as exc:
        raise ConflictError(f"{doc.kind} {doc.id} already exists") from exc
    await _count(conn, doc, 1)


async def _replace(conn: Conn, old: Doc, new: Doc) -> None:
    row = doc_row(new)
    await conn.execute(q(sql.UPDATE_DOC), *row[2:], new.kind, new.id)
    if set(old.aliases) != set(new.aliases):
        await conn.execute(q(sql.DELETE_ALIASES), old.kind, old.id)
        try:
            for alias in new.aliases:
                await conn.execute(q(sql.INSERT_ALIAS), new.kind, alias, new.id)
        except asyncpg.UniqueViolationError as exc:
            raise ConflictError(f"{new.kind} alias already taken") from exc
    if (old.account_id, old.parent, old.tag) != (new.account_id, new.parent, new.tag):
        await _count(conn, old, -1)
        await _count(conn, new, 1)


async def _remove(conn: Conn, doc: Doc) -> None:
    await conn.execute(q(sql.DELETE_DOC), doc.kind, doc.id)
    await conn.execute(q(sql.DELETE_ALIASES), doc.kind, doc.id)
    await _count(conn, doc, -1)


async def _count(conn: Conn, doc: Doc, delta: int) -> None:
    await conn.execute(q(sql.COUNT_ADD), doc.kind, doc.account_id, doc.parent, doc.tag, delta)
