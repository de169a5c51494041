"""The store the tests here run on: opened on `store_url`, emptied, closed after."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from zoomstack.emulator.store import Store, open_store


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    opened = await open_store(store_url)
    await opened.reset()
    try:
        yield opened
    finally:
        await opened.close()
