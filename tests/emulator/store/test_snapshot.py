"""Store snapshots: reads inside agree with each other; nesting and errors are fine."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoomstack.emulator.store import Doc, Query, SQLiteStore, Store

ACCOUNT = "acct1"


def _doc(i: int) -> Doc:
    return Doc("meeting", str(i), ACCOUNT, {"id": i}, parent="u1", sort=f"{i:04d}", brief={"i": i})


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_reads_and_nesting_inside_a_snapshot(store: Store) -> None:
    await store.insert_many([_doc(i) for i in range(5)])
    query = Query("meeting", ACCOUNT, parent="u1", limit=2)
    with store.snapshot(), store.snapshot():
        page = await store.list_page(query)
        total = await store.count(query)
    assert (len(page.items), page.cursor, total) == (2, ("0001", "1"), 5)
    with pytest.raises(LookupError), store.snapshot():
        raise LookupError
    assert await store.get_raw("meeting", "3", ACCOUNT) == b'{"id":3}'


async def test_sqlite_snapshot_does_not_see_a_write_until_it_ends(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'snap.sqlite3'}"
    reader, writer = SQLiteStore(url), SQLiteStore(url)  # two processes' worth
    await reader.open()
    await writer.open()
    try:
        await writer.insert(_doc(1))
        query = Query("meeting", ACCOUNT, parent="u1")
        with reader.snapshot():
            assert await reader.count(query) == 1
            await writer.insert(_doc(2))
            assert await reader.count(query) == 1
            assert len((await reader.list_page(query)).items) == 1
        assert await reader.count(query) == 2
    finally:
        await reader.close()
        await writer.close()
