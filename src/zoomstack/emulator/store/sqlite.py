"""SQLite store: the embedded default, one file shared by any number of workers.

Reads run on the event loop's thread: a point lookup on an indexed table takes a
few microseconds, less than handing it to a thread would. Writes run on one
writer thread with its own connection (WAL mode), so a writer waiting on another
process's lock never blocks the loop. `:memory:` stores use one connection inline.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

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
    loads,
)

T = TypeVar("T")

READER_MMAP_BYTES = 1 << 30


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, uri=True)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class SQLiteStore:
    def __init__(self, url: str) -> None:
        self.url = url
        path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
        self.memory = path in ("", ":memory:")
        self.path = path
        self._reader: sqlite3.Connection | None = None
        self._writer: sqlite3.Connection | None = None
        self._executor: ThreadPoolExecutor | None = None

    # -- lifecycle ---------------------------------------------------------------

    async def open(self) -> None:
        if self.memory:
            conn = _connect(":memory:")
            self._reader = self._writer = conn
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._writer = _connect(self.path)
            self._writer.execute("PRAGMA journal_mode = WAL")
            self._writer.execute("PRAGMA synchronous = NORMAL")
            self._reader = _connect(self.path)
            # Reads of pages not in SQLite's own cache come straight from the mapped
            # file instead of a pread each: about a third faster on stores larger than
            # that cache. Address space only; the kernel shares the pages.
            self._reader.execute(f"PRAGMA mmap_size = {READER_MMAP_BYTES}")
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        await self._write(self._create_schema)

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        for statement in sql.schema("BLOB", briefs_in_list_index=True):
            conn.execute(statement)

    async def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        for conn in {id(c): c for c in (self._reader, self._writer) if c is not None}.values():
            conn.close()
        self._reader = self._writer = None

    async def reset(self) -> None:
        def wipe(conn: sqlite3.Connection) -> None:
            for table in sql.TABLES:
                conn.execute(f"DELETE FROM {table}")

        await self._write(wipe)

    # -- reads -------------------------------------------------------------------

    @property
    def _read(self) -> sqlite3.Connection:
        assert self._reader is not None, "store is not open"
        return self._reader

    def snapshot(self) -> AbstractContextManager[None]:
        # The reader is used on the event loop only and SQLite reads never suspend, so
        # no other request's reads land inside; if some did, they would only share the
        # snapshot. An in-memory store reads on its writer: no transaction there.
        conn = self._read
        if self.memory or conn.in_transaction:
            return nullcontext()
        return _ReadTransaction(conn)

    async def get_raw(self, kind: str, id: str, account_id: str) -> bytes | None:
        row = self._read.execute(sql.GET_BODY, (kind, id, account_id)).fetchone()
        return bytes(row[0]) if row else None

    async def get(self, kind: str, id: str) -> Doc | None:
        return self._load(self._read, kind, id)

    @staticmethod
    def _load(conn: sqlite3.Connection, kind: str, id: str) -> Doc | None:
        row = conn.execute(sql.GET_DOC, (kind, id)).fetchone()
        if row is None:
            return None
        aliases = [a for (a,) in conn.execute(sql.GET_ALIASES, (kind, id))]
        return doc_from_row(row, aliases)

    async def resolve(self, kind: str, key: str) -> str | None:
        if self._read.execute(sql.EXISTS, (kind, key)).fetchone():
            return key
        row = self._read.execute(sql.RESOLVE_ALIAS, (kind, key)).fetchone()
        return str(row[0]) if row else None

    async def list_page(self, query: Query) -> Page:
        # Bodies first, then the last row's key in a second, index-only query: fetching
        # sort and id with every row costs more (Python objects per row). One read
        # transaction keeps the two consistent.
        conn = self._read
        with self.snapshot():
            rows = conn.execute(*sql.items_query(query)).fetchall()
            page = Page(items=[row[0] for row in rows[: query.limit]])  # BLOBs: bytes
            if len(rows) > query.limit:
                sort, id = conn.execute(*sql.last_key_query(query)).fetchone()
                page.cursor = (sort, id)
        return page

    async def count(self, query: Query) -> int:
        text, args = sql.count_query(query)
        return int(self._read.execute(text, args).fetchone()[0])

    async def list_under(self, query: Query, parent: Parent) -> Listing | None:
        # One statement (one snapshot, no BEGIN/COMMIT): the parent, the total, the page
        # joined by SQLite, and the keys of its last row and the one after it.
        by_id, tag, sort_min, sort_max, after = (
            parent.id is not None, query.tag is not None, query.sort_min is not None,
            query.sort_max is not None, query.after is not None,
        )  # fmt: skip
        text = _listing_sql(by_id, tag, sort_min, sort_max, after, query.descending)
        # Only the values the statement uses, in _listing_sql's order: binding a None
        # costs more than any other value.
        args: list[object] = [query.kind, query.account_id, query.limit, query.offset, parent.kind]
        if by_id:
            args.append(parent.id)
        else:
            args += (parent.via, "$." + parent.field)
        if tag:
            args.append(query.tag)
        if sort_min:
            args.append(query.sort_min)
        if sort_max:
            args.append(query.sort_max)
        if query.after is not None:
            args += query.after
        found, total, items, keys = self._read.execute(text, args).fetchone()
        if not found:
            return None
        cursor = None
        if keys is not None and "\n" in keys:  # a row follows the page's last one
            sort, id = loads(keys.partition("\n")[0])
            cursor = (sort, id)
        return Listing(items or b"", cursor, total)

    async def meta_get(self, key: str) -> str | None:
        row = self._read.execute(sql.META_GET, (key,)).fetchone()
        return str(row[0]) if row else None

    async def dump(self) -> list[Doc]:
        aliases: dict[tuple[str, str], list[str]] = {}
        for kind, id, alias in self._read.execute(sql.DUMP_ALIASES):
            aliases.setdefault((kind, id), []).append(alias)
        return [
            doc_from_row(row, aliases.get((row[0], row[1]), ()))
            for row in self._read.execute(sql.DUMP)
        ]

    # -- writes ------------------------------------------------------------------

    async def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run fn in one IMMEDIATE transaction on the writer connection."""

        def run() -> T:
            conn = self._writer
            assert conn is not None, "store is not open"
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

        if self._executor is None:
            return run()
        return await asyncio.get_running_loop().run_in_executor(self._executor, run)

    async def insert(self, doc: Doc) -> None:
        await self._write(lambda conn: _insert(conn, doc))

    async def insert_many(self, docs: Iterable[Doc]) -> int:
        """Insert a batch in one transaction, statement by statement type (bulk seeding)."""
        batch = list(docs)

        def run(conn: sqlite3.Connection) -> int:
            try:
                conn.executemany(sql.INSERT_DOC, [doc_row(doc) for doc in batch])
                conn.executemany(sql.INSERT_ALIAS, sql.alias_rows(batch))
            except sqlite3.IntegrityError as exc:
                raise ConflictError("a document of the batch already exists") from exc
            conn.executemany(sql.COUNT_ADD, sql.count_rows(batch))
            return len(batch)

        return await self._write(run)

    async def upsert(self, doc: Doc) -> None:
        def run(conn: sqlite3.Connection) -> None:
            old = self._load(conn, doc.kind, doc.id)
            if old is None:
                _insert(conn, doc)
            else:
                _replace(conn, old, doc)

        await self._write(run)

    async def update(self, kind: str, id: str, fn: UpdateFn) -> Doc | None:
        def run(conn: sqlite3.Connection) -> Doc | None:
            old = self._load(conn, kind, id)
            if old is None:
                return None
            new = fn(old)
            if new is None:
                return old
            _replace(conn, old, new)
            return new

        return await self._write(run)

    async def delete(self, kind: str, id: str) -> Doc | None:
        def run(conn: sqlite3.Connection) -> Doc | None:
            old = self._load(conn, kind, id)
            if old is not None:
                _remove(conn, old)
            return old

        return await self._write(run)

    async def delete_under(self, kind: str, account_id: str, parent: str) -> int:
        def run(conn: sqlite3.Connection) -> int:
            rows = conn.execute(sql.SELECT_UNDER, (kind, account_id, parent)).fetchall()
            for row in rows:
                _remove(conn, doc_from_row(row))
            return len(rows)

        return await self._write(run)

    async def meta_set(self, key: str, value: str) -> None:
        await self._write(lambda conn: conn.execute(sql.META_SET, (key, value)))

    async def replace_in_bodies(self, old: str, new: str) -> int:
        def run(conn: sqlite3.Connection) -> int:
            return conn.execute(_REPLACE_IN_BODIES, (old.encode(), new.encode())).rowcount

        return await self._write(run)


# Bodies are UTF-8 JSON kept as BLOBs: SQLite's replace() works on their bytes.
_REPLACE_IN_BODIES = """UPDATE docs
    SET body = CAST(replace(body, ?1, ?2) AS BLOB),
        brief = CASE WHEN brief IS NULL THEN NULL ELSE CAST(replace(brief, ?1, ?2) AS BLOB) END
    WHERE instr(body, ?1) > 0 OR instr(brief, ?1) > 0"""


@cache
def _listing_sql(
    by_id: bool, tag: bool, sort_min: bool, sort_max: bool, after: bool, descending: bool
) -> str:
    """`list_under`'s statement for one shape of query.

    Parameters, numbered in the order `list_under` binds them: kind, account, limit,
    offset, the parent's kind, then the parent's id (or the account document's kind and
    the JSON path of its field naming the parent), then tag, sort bounds and cursor as
    the shape has them.

    The page's rows come from an ordered subquery with a LIMIT, which SQLite runs as a
    co-routine and never flattens into the aggregate over it: group_concat sees them in
    list order.
    """
    n = 6 if by_id else 7
    parent = (
        "?6"
        if by_id
        else "(SELECT json_extract(CAST(body AS TEXT), ?7) FROM docs"
        " WHERE kind = ?6 AND id = ?2 AND account_id = ?2)"
    )
    owner = "kind = ?1 AND account_id = ?2 AND parent = p.id"
    if tag:
        n += 1
        owner += f" AND tag = ?{n}"
    rows = owner
    if sort_min:
        n += 1
        rows += f" AND sort >= ?{n}"
    if sort_max:
        n += 1
        rows += f" AND sort < ?{n}"
    page = rows
    if after:
        page += f" AND (sort, id) {'<' if descending else '>'} (?{n + 1}, ?{n + 2})"
    order = "DESC" if descending else "ASC"
    order = f"ORDER BY sort {order}, id {order}"
    if sort_min or sort_max:
        total = f"SELECT COUNT(*) FROM docs WHERE {rows}"
    else:
        total = f"SELECT COALESCE(SUM(n), 0) FROM counts WHERE {owner}"
    return f"""SELECT
        EXISTS (SELECT 1 FROM docs WHERE kind = ?5 AND id = p.id AND account_id = ?2),
        ({total}),
        (SELECT CAST(group_concat(b, ',') AS BLOB) FROM (SELECT COALESCE(brief, body) AS b
            FROM docs WHERE {page} {order} LIMIT ?3 OFFSET ?4)),
        (SELECT group_concat(k, char(10)) FROM (SELECT json_array(sort, id) AS k
            FROM docs WHERE {page} {order} LIMIT 2 OFFSET ?3 + ?4 - 1))
        FROM (SELECT {parent} AS id) AS p"""


class _ReadTransaction:
    """BEGIN ... COMMIT around reads (a class: cheaper than a generator per request)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN")

    def __exit__(self, *exc: object) -> None:
        self.conn.execute("COMMIT")


def _insert(conn: sqlite3.Connection, doc: Doc) -> None:
    try:
        conn.execute(sql.INSERT_DOC, doc_row(doc))
        for alias in doc.aliases:
            conn.execute(sql.INSERT_ALIAS, (doc.kind, alias, doc.id))
    except sqlite3.IntegrityError as exc:
        raise ConflictError(f"{doc.kind} {doc.id} already exists") from exc
    _count(conn, doc, 1)


def _replace(conn: sqlite3.Connection, old: Doc, new: Doc) -> None:
    row: tuple[Any, ...] = doc_row(new)
    conn.execute(sql.UPDATE_DOC, (*row[2:], new.kind, new.id))
    if set(old.aliases) != set(new.aliases):
        conn.execute(sql.DELETE_ALIASES, (old.kind, old.id))
        try:
            for alias in new.aliases:
                conn.execute(sql.INSERT_ALIAS, (new.kind, alias, new.id))
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"{new.kind} alias already taken") from exc
    if (old.account_id, old.parent, old.tag) != (new.account_id, new.parent, new.tag):
        _count(conn, old, -1)
        _count(conn, new, 1)


def _remove(conn: sqlite3.Connection, doc: Doc) -> None:
    conn.execute(sql.DELETE_DOC, (doc.kind, doc.id))
    conn.execute(sql.DELETE_ALIASES, (doc.kind, doc.id))
    _count(conn, doc, -1)


def _count(conn: sqlite3.Connection, doc: Doc, delta: int) -> None:
    conn.execute(sql.COUNT_ADD, (doc.kind, doc.account_id, doc.parent, doc.tag, delta))
