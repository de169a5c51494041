"""What every store offers: JSON documents in Zoom's shape, keyed by kind and id.

Every resource the emulator keeps is a document: its body is the JSON Zoom would
answer with, stored already serialised so hot reads return it without parsing.
A few columns beside the body (owner, a filter tag, a sort key) carry what list
queries need, so lists are index range scans with keyset pagination, never scans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, Protocol

import orjson

JSON = dict[str, Any]


class ConflictError(Exception):
    """A document with that kind and id (or alias) already exists."""


@dataclass(frozen=True, slots=True)
class Doc:
    """One stored resource.

    `parent` is the owner the resource is listed under (a user for meetings, a
    meeting instance for participants), `tag` a filter value (a user's status),
    `sort` the list order key, `brief` the smaller shape Zoom uses in lists, and
    `aliases` other keys the resource can be fetched by (an email, a UUID).
    """

    kind: str
    id: str
    account_id: str
    body: JSON
    parent: str = ""
    tag: str = ""
    sort: str = ""
    brief: JSON | None = None
    aliases: tuple[str, ...] = ()

    def with_body(self, body: JSON, **changes: Any) -> Doc:
        return replace(self, body=body, **changes)


@dataclass(slots=True)  # not frozen: built per list request, and that is 2-3x as slow
class Query:
    """A list query over one kind under one owner, in (sort, id) order (not to be changed:
    derive others with `dataclasses.replace`)."""

    kind: str
    account_id: str
    parent: str = ""
    tag: str | None = None
    sort_min: str | None = None  # inclusive
    sort_max: str | None = None  # exclusive
    after: tuple[str, str] | None = None  # keyset cursor: (sort, id) of the last row seen
    limit: int = 30
    offset: int = 0  # only for the legacy page_number style
    descending: bool = False


@dataclass(slots=True)
class Page:
    items: list[bytes] = field(default_factory=list)
    cursor: tuple[str, str] | None = None  # set when more rows follow


@dataclass(frozen=True, slots=True)
class Parent:
    """The document a list is under, found in the same read as the list (`list_under`).

    A document of `kind` in the query's account: the one with `id`, or, with no id, the
    one named by `field` in the account's own document of kind `via` (an account's owner).
    """

    kind: str
    id: str | None = None
    via: str = ""
    field: str = ""


class Listing(NamedTuple):
    """One page of a list with its total, as a list answer needs them."""

    items: bytes  # the page's list shapes, comma-separated JSON
    cursor: tuple[str, str] | None  # set when more rows follow
    total: int


UpdateFn = Callable[[Doc], Doc | None]


def dumps(value: Any) -> bytes:
    return orjson.dumps(value)


def loads(raw: bytes | str) -> Any:
    return orjson.loads(raw)


class Store(Protocol):
    """The one place that knows SQL; SQLite and PostgreSQL behave the same."""

    url: str

    async def open(self) -> None: ...
    async def close(self) -> None: ...
    async def reset(self) -> None: ...

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads inside see one state of the store, where the engine makes that cheap.

        SQLite: one read transaction instead of one per statement (also fewer lock
        calls). PostgreSQL: no-op, each read stays its own statement. Nesting is fine.
        """
        ...

    async def get_raw(self, kind: str, id: str, account_id: str) -> bytes | None: ...
    async def get(self, kind: str, id: str) -> Doc | None: ...
    async def resolve(self, kind: str, key: str) -> str | None: ...
    async def list_page(self, query: Query) -> Page: ...
    async def count(self, query: Query) -> int: ...

    async def list_under(self, query: Query, parent: Parent) -> Listing | None:
        """`query`'s page and total with `query.parent` set to `parent`'s id, all one read.

        None when there is no such parent document in `query.account_id`.
        """
        ...

    async def insert(self, doc: Doc) -> None: ...
    async def insert_many(self, docs: Iterable[Doc]) -> int: ...
    async def upsert(self, doc: Doc) -> None: ...
    async def update(self, kind: str, id: str, fn: UpdateFn) -> Doc | None: ...
    async def delete(self, kind: str, id: str) -> Doc | None: ...
    async def delete_under(self, kind: str, account_id: str, parent: str) -> int: ...

    async def replace_in_bodies(self, old: str, new: str) -> int:
        """Replace `old` by `new` in every document's stored JSON (body and list shape);
        how many documents changed. For links, whose base is part of the text."""
        ...

    async def meta_get(self, key: str) -> str | None: ...
    async def meta_set(self, key: str, value: str) -> None: ...
    async def dump(self) -> list[Doc]: ...


async def list_under_in_steps(store: Store, query: Query, parent: Parent) -> Listing | None:
    """`Store.list_under` as separate reads, for stores without a one-statement form."""
    parent_id = parent.id
    if parent_id is None:
        raw = await store.get_raw(parent.via, query.account_id, query.account_id)
        parent_id = str(loads(raw).get(parent.field, "")) if raw else ""
    if not parent_id or await store.get_raw(parent.kind, parent_id, query.account_id) is None:
        return None
    query = replace(query, parent=parent_id)
    page = await store.list_page(query)
    total = await store.count(query)
    return Listing(b",".join(page.items), page.cursor, total)


def doc_from_row(row: tuple[Any, ...] | Any, aliases: Iterable[str] = ()) -> Doc:
    """A Doc from a row of `sql.DOC_COLUMNS`."""
    kind, id, account_id, parent, tag, sort, body, brief = tuple(row)
    return Doc(
        kind=kind,
        id=id,
        account_id=account_id,
        parent=parent,
        tag=tag,
        sort=sort,
        body=loads(body),
        brief=loads(brief) if brief is not None else None,
        aliases=tuple(aliases),
    )


def doc_row(doc: Doc) -> tuple[object, ...]:
    """The row of `sql.DOC_COLUMNS` for a Doc."""
    brief = dumps(doc.brief) if doc.brief is not None else None
    return (
        doc.kind,
        doc.id,
        doc.account_id,
        doc.parent,
        doc.tag,
        doc.sort,
        dumps(doc.body),
        brief,
    )
