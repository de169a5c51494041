"""Batch inserts: one transaction, counts kept, aliases resolvable, all-or-nothing."""

from __future__ import annotations

import pytest

from zoomstack.emulator.store import ConflictError, Doc, Query, Store

ACCOUNT = "acct1"

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


def _meeting(i: int, host: str, *, tag: str = "waiting") -> Doc:
    body = {"id": i, "host_id": host, "topic": f"m{i}"}
    return Doc(
        "meeting",
        str(i),
        ACCOUNT,
        body,
        parent=host,
        tag=tag,
        sort=f"2030-01-01T00:{i:02d}:00Z",
        brief={"id": i},
        aliases=(f"uuid-{i}",),
    )


async def test_batch_counts_aliases_and_pages(store: Store) -> None:
    docs = [_meeting(i, "u1") for i in range(40)] + [
        _meeting(i, "u2", tag="started") for i in range(40, 45)
    ]
    assert await store.insert_many(docs) == 45

    assert await store.count(Query("meeting", ACCOUNT, parent="u1")) == 40
    assert await store.count(Query("meeting", ACCOUNT, parent="u2", tag="started")) == 5
    assert await store.resolve("meeting", "uuid-41") == "41"
    page = await store.list_page(Query("meeting", ACCOUNT, parent="u1", limit=30))
    assert len(page.items) == 30
    assert page.cursor == ("2030-01-01T00:29:00Z", "29")


async def test_a_duplicate_rolls_back_the_whole_batch(store: Store) -> None:
    await store.insert(_meeting(1, "u1"))
    with pytest.raises(ConflictError):
        await store.insert_many([_meeting(2, "u1"), _meeting(1, "u1")])
    assert await store.get("meeting", "2") is None
    assert await store.count(Query("meeting", ACCOUNT, parent="u1")) == 1


async def test_an_empty_batch_is_fine(store: Store) -> None:
    assert await store.insert_many([]) == 0
