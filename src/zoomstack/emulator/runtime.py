"""What runs beside the API while the app is up: webhook delivery and the control-plane sync."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from .state import Emulator

log = logging.getLogger("zoomstack.emulator")

SYNC_SECONDS = 1.0  # how soon a worker sees faults or limits another worker was given


@contextlib.asynccontextmanager
async def background(emu: Emulator) -> AsyncIterator[None]:
    """Start webhook delivery and the sync task; stop both cleanly on the way out."""
    await emu.traffic.refresh(emu.store)
    await emu.webhooks.start()
    sync = asyncio.create_task(_sync(emu))
    try:
        yield
    finally:
        sync.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sync
        await emu.webhooks.stop()
        await emu.traffic.close()


async def _sync(emu: Emulator) -> None:
    while True:
        await asyncio.sleep(SYNC_SECONDS)
        try:
            await emu.traffic.refresh(emu.store)
        except Exception:  # a store hiccup must not end the sync for good
            log.exception("control-plane sync failed")
