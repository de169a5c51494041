"""Links follow the emulator: a store whose links were made on one base URL hands out
links on the base it is served from now, rewritten once at start."""

from __future__ import annotations

import pytest

from zoomstack.emulator.links import LINK_BASE_KEY, settle_link_base
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.store import Doc, Query

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)

OLD = "http://127.0.0.1:8000"


async def test_the_first_start_records_the_base_and_changes_nothing(emulator: Emulator) -> None:
    assert await settle_link_base(emulator) == 0
    assert await emulator.store.meta_get(LINK_BASE_KEY) == emulator.base_url()
    assert await settle_link_base(emulator) == 0


async def test_links_made_on_another_base_are_rewritten_once(emulator: Emulator) -> None:
    new = emulator.base_url()
    body = {
        "id": 1,
        "join_url": f"{OLD}/j/1?pwd=x",
        "recording_files": [{"download_url": f"{OLD}/rec/download/f1"}],
        "agenda": f"see {OLD}/wiki and {OLD}",  # not a link of ours: left as it is
    }
    await emulator.store.insert(Doc("meeting", "1", "acct", body, brief={"join_url": f"{OLD}/j/1"}))
    await emulator.store.insert(Doc("meeting", "2", "acct", {"id": 2, "topic": "no links"}))
    await emulator.store.meta_set(LINK_BASE_KEY, OLD)

    assert await settle_link_base(emulator) == 1
    moved = await emulator.store.get("meeting", "1")
    assert moved is not None
    assert moved.body["join_url"] == f"{new}/j/1?pwd=x"
    assert moved.body["recording_files"][0]["download_url"] == f"{new}/rec/download/f1"
    assert moved.body["agenda"] == body["agenda"]
    page = await emulator.store.list_page(Query("meeting", "acct", parent=""))
    assert page.items[0] == f'{{"join_url":"{new}/j/1"}}'.encode()  # the list shape too
    untouched = await emulator.store.get("meeting", "2")
    assert untouched is not None and untouched.body == {"id": 2, "topic": "no links"}
    assert await emulator.store.meta_get(LINK_BASE_KEY) == new
    assert await settle_link_base(emulator) == 0
