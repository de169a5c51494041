"""Where spec-driven state lives in the store: records and overlays.

- A *record* is an item of a creatable collection: kind `spec:<family>:<collection>`,
  listed under its concrete collection path (`/chat/users/u1/channels`), its template
  (`/chat/users/{}/channels`) in the tag. Its id is one the emulator made, or, for an
  entry of a batch body (group members), the entry's own id prefixed by the collection
  path, since the same user is a member of many groups.
- An *overlay* holds the changes made to a singleton (`/users/u1/settings`) or to an
  item Zoom creates by itself (a call log, a phone user), keyed by account and path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..pagination import PageRequest
from ..state import Emulator
from ..store import Doc, Page, Query, loads
from ..validation import merge_patch

OVERLAY = "spec:overlay"


@dataclass(frozen=True, slots=True)
class Collection:
    """One concrete collection: its kind, path and template."""

    kind: str
    account_id: str
    path: str  # "/chat/users/u1/channels"
    template: str  # "/chat/users/{}/channels"


def sort_key(emu: Emulator) -> str:
    """Creation order; the clock has microseconds, so records made in a row keep it."""
    return f"{emu.clock.timestamp():020.6f}"


class Records:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.store = emu.store

    async def insert(
        self, where: Collection, item_id: str, body: dict[str, Any], *, natural: bool = False
    ) -> Doc:
        doc = Doc(
            kind=where.kind,
            id=f"{where.path}|{item_id}" if natural else item_id,
            account_id=where.account_id,
            parent=where.path,
            tag=where.template,
            sort=sort_key(self.emu),
            body=body,
        )
        await self.store.upsert(doc) if natural else await self.store.insert(doc)
        return doc

    async def find(self, where: Collection, item_id: str) -> Doc | None:
        """The record `item_id` of this collection, or reached at another address
        (`/webinars/{id}` for one created at `/users/{userId}/webinars`)."""
        for key in (f"{where.path}|{item_id}", item_id):
            doc = await self.store.get(where.kind, key)
            if doc is None or doc.account_id != where.account_id:
                continue
            if doc.tag != where.template or doc.parent == where.path:
                return doc
        return None

    async def page(self, where: Collection, request: PageRequest) -> tuple[list[Any], Page, int]:
        query = Query(
            where.kind, where.account_id, parent=where.path, after=request.cursor,
            limit=request.page_size, offset=request.offset,
        )  # fmt: skip
        page = await self.store.list_page(query)
        total = await self.store.count(query)
        return [loads(raw) for raw in page.items], page, total

    async def merge(self, doc: Doc, changes: dict[str, Any]) -> dict[str, Any]:
        updated = await self.store.update(
            doc.kind, doc.id, lambda old: old.with_body(merge_patch(old.body, changes))
        )
        return updated.body if updated else merge_patch(doc.body, changes)

    async def delete(self, doc: Doc) -> None:
        await self.store.delete(doc.kind, doc.id)

    async def clear(self, where: Collection, ids: Iterable[str] | None) -> None:
        """Delete the named records of a collection, or all of them."""
        if ids is None:
            await self.store.delete_under(where.kind, where.account_id, where.path)
            return
        for item_id in ids:
            doc = await self.find(where, item_id)
            if doc is not None:
                await self.delete(doc)

    # -- overlays ---------------------------------------------------------------------

    async def overlay(self, account_id: str, path: str) -> dict[str, Any]:
        raw = await self.store.get_raw(OVERLAY, f"{account_id}|{path}", account_id)
        value = loads(raw) if raw else {}
        return value if isinstance(value, dict) else {}

    async def set_overlay(self, account_id: str, path: str, changes: dict[str, Any]) -> None:
        key = f"{account_id}|{path}"
        updated = await self.store.update(
            OVERLAY, key, lambda old: old.with_body(merge_patch(old.body, changes))
        )
        if updated is None:
            body = merge_patch({}, changes)
            await self.store.upsert(Doc(OVERLAY, key, account_id, body, parent=path))

    async def drop_overlay(self, account_id: str, path: str) -> None:
        await self.store.delete(OVERLAY, f"{account_id}|{path}")
