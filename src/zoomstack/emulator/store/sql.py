"""The SQL both stores run, written once with `?` placeholders.

PostgreSQL gets the same text with `$n` placeholders (see `numbered`); the only
dialect difference left is the blob column type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from .base import Doc, Query

DOC_COLUMNS = "kind, id, account_id, parent, tag, sort, body, brief"


def schema(blob_type: str, *, briefs_in_list_index: bool = False) -> list[str]:
    """The tables and indexes, created where missing.

    `briefs_in_list_index` (SQLite): docs_by_parent also holds each row's list shape, so
    a page is read from a few index pages instead of one table row each. PostgreSQL
    keeps it out (its index rows have a size limit). A store made before keeps the index
    it has: lists read the same, from the table.
    """
    list_index = "kind, account_id, parent, sort, id" + (", brief" if briefs_in_list_index else "")
    return [
        f"""CREATE TABLE IF NOT EXISTS docs (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            account_id TEXT NOT NULL,
            parent TEXT NOT NULL DEFAULT '',
            tag TEXT NOT NULL DEFAULT '',
            sort TEXT NOT NULL DEFAULT '',
            body {blob_type} NOT NULL,
            brief {blob_type},
            PRIMARY KEY (kind, id))""",
        f"CREATE INDEX IF NOT EXISTS docs_by_parent ON docs ({list_index})",
        "CREATE INDEX IF NOT EXISTS docs_by_tag ON docs (kind, account_id, parent, tag, sort, id)",
        """CREATE TABLE IF NOT EXISTS aliases (
            kind TEXT NOT NULL, alias TEXT NOT NULL, id TEXT NOT NULL,
            PRIMARY KEY (kind, alias))""",
        "CREATE INDEX IF NOT EXISTS aliases_by_id ON aliases (kind, id)",
        # Row counts per owner and tag, kept in the same transaction as the writes,
        # so total_records never needs a COUNT over a large collection.
        """CREATE TABLE IF NOT EXISTS counts (
            kind TEXT NOT NULL, account_id TEXT NOT NULL, parent TEXT NOT NULL,
            tag TEXT NOT NULL, n BIGINT NOT NULL,
            PRIMARY KEY (kind, account_id, parent, tag))""",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ]


TABLES = ("docs", "aliases", "counts", "meta")

GET_BODY = "SELECT body FROM docs WHERE kind = ? AND id = ? AND account_id = ?"
GET_DOC = f"SELECT {DOC_COLUMNS} FROM docs WHERE kind = ? AND id = ?"
GET_ALIASES = "SELECT alias FROM aliases WHERE kind = ? AND id = ? ORDER BY alias"
RESOLVE_ALIAS = "SELECT id FROM aliases WHERE kind = ? AND alias = ?"
EXISTS = "SELECT 1 FROM docs WHERE kind = ? AND id = ?"
INSERT_DOC = f"INSERT INTO docs ({DOC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
UPDATE_DOC = (
    "UPDATE docs SET account_id = ?, parent = ?, tag = ?, sort = ?, body = ?, brief = ?"
    " WHERE kind = ? AND id = ?"
)
DELETE_DOC = "DELETE FROM docs WHERE kind = ? AND id = ?"
INSERT_ALIAS = "INSERT INTO aliases (kind, alias, id) VALUES (?, ?, ?)"
DELETE_ALIASES = "DELETE FROM aliases WHERE kind = ? AND id = ?"
COUNT_ADD = (
    "INSERT INTO counts (kind, account_id, parent, tag, n) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (kind, account_id, parent, tag) DO UPDATE SET n = counts.n + excluded.n"
)
SELECT_UNDER = f"SELECT {DOC_COLUMNS} FROM docs WHERE kind = ? AND account_id = ? AND parent = ?"
DELETE_UNDER = "DELETE FROM docs WHERE kind = ? AND account_id = ? AND parent = ?"
META_GET = "SELECT value FROM meta WHERE key = ?"
META_SET = (
    "INSERT INTO meta (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
DUMP = f"SELECT {DOC_COLUMNS} FROM docs ORDER BY kind, account_id, parent, sort, id"
DUMP_ALIASES = "SELECT kind, id, alias FROM aliases ORDER BY kind, id, alias"


def alias_rows(docs: Iterable[Doc]) -> list[tuple[str, str, str]]:
    """INSERT_ALIAS rows for a batch of documents."""
    return [(doc.kind, alias, doc.id) for doc in docs for alias in doc.aliases]


def count_rows(docs: Iterable[Doc]) -> list[tuple[str, str, str, str, int]]:
    """COUNT_ADD rows for a batch: one per (kind, owner, tag), not one per document."""
    groups = Counter((doc.kind, doc.account_id, doc.parent, doc.tag) for doc in docs)
    return [(*key, n) for key, n in groups.items()]


def _where(query: Query) -> tuple[str, list[object]]:
    clauses = ["kind = ?", "account_id = ?", "parent = ?"]
    args: list[object] = [query.kind, query.account_id, query.parent]
    if query.tag is not None:
        clauses.append("tag = ?")
        args.append(query.tag)
    if query.sort_min is not None:
        clauses.append("sort >= ?")
        args.append(query.sort_min)
    if query.sort_max is not None:
        clauses.append("sort < ?")
        args.append(query.sort_max)
    return " AND ".join(clauses), args


def _page(query: Query, columns: str, limit: int, offset: int) -> tuple[str, list[object]]:
    """SELECT columns of a page's rows in list order, keyset after the cursor."""
    where, args = _where(query)
    if query.after is not None:
        op = "<" if query.descending else ">"
        where += f" AND (sort, id) {op} (?, ?)"
        args.extend(query.after)
    order = "DESC" if query.descending else "ASC"
    sql = (
        f"SELECT {columns} FROM docs WHERE {where}"
        f" ORDER BY sort {order}, id {order} LIMIT ? OFFSET ?"
    )
    args.extend([limit, offset])
    return sql, args


def list_query(query: Query) -> tuple[str, list[object]]:
    """SELECT for one page: keyset after the cursor, one extra row to know if more follow."""
    return _page(query, "sort, id, COALESCE(brief, body)", query.limit + 1, query.offset)


def items_query(query: Query) -> tuple[str, list[object]]:
    """The item bodies of one page, plus one extra row to know if more follow."""
    return _page(query, "COALESCE(brief, body)", query.limit + 1, query.offset)


def last_key_query(query: Query) -> tuple[str, list[object]]:
    """(sort, id) of the last row of a full page: the next page's cursor (index only)."""
    return _page(query, "sort, id", 1, query.offset + query.limit - 1)


def count_query(query: Query) -> tuple[str, list[object]]:
    """Counts from the counts table when the query is a whole collection, else COUNT(*)."""
    if query.sort_min is None and query.sort_max is None:
        sql = "SELECT COALESCE(SUM(n), 0) FROM counts WHERE kind = ? AND account_id = ? AND parent = ?"
        args: list[object] = [query.kind, query.account_id, query.parent]
        if query.tag is not None:
            sql += " AND tag = ?"
            args.append(query.tag)
        return sql, args
    where, args = _where(query)
    return f"SELECT COUNT(*) FROM docs WHERE {where}", args


@cache
def numbered(sql: str) -> str:
    """`?` placeholders to PostgreSQL's `$1, $2, ...` (our SQL has no literal `?`)."""
    parts = sql.split("?")
    out = [parts[0]]
    for i, part in enumerate(parts[1:], start=1):
        out.append(f"${i}{part}")
    return "".join(out)
