"""Fill a store with meetings straight through the store API, in big batches.

The meetings are built the way `POST /users/me/meetings` builds them (one built
meeting as the template), each with its own id, UUID, topic and start time, all
hosted by the default account's owner so the list endpoint walks all of them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from zoomstack.config import EmulatorSettings
from zoomstack.emulator.accounts import ensure_default_account
from zoomstack.emulator.clock import iso
from zoomstack.emulator.ids import IdFactory
from zoomstack.emulator.resources.meetings import MeetingsBackend, meeting_doc
from zoomstack.emulator.resources.users import UsersBackend
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.store import open_store

FIRST_MEETING_ID = 81_000_000_000
BATCH = 20_000
START = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Seeded:
    meetings: int
    sample_meeting_id: int
    seconds: float


def _variant(template: dict[str, Any], i: int, ids: IdFactory) -> dict[str, Any]:
    meeting_id = FIRST_MEETING_ID + i
    links = {
        name: template[name].replace(str(template["id"]), str(meeting_id))
        for name in ("join_url", "start_url")
    }
    return {
        **template,
        **links,
        "id": meeting_id,
        "uuid": ids.uuid(),
        "topic": f"Planning session {i}",
        "start_time": iso(START + timedelta(minutes=15 * i)),
    }


async def seed_meetings(db_url: str, count: int, *, seed: int = 42) -> Seeded:
    """Add `count` meetings for the default account's owner to the store at `db_url`."""
    began = time.perf_counter()
    store = await open_store(db_url)
    try:
        emu = Emulator(settings=EmulatorSettings(db=db_url), store=store, ids=IdFactory(seed))
        await ensure_default_account(emu)
        owner_id = await UsersBackend(emu).owner_id(emu.account_id)
        host = await store.get("user", owner_id)
        assert host is not None, "the default account has no owner"
        template = MeetingsBackend(emu).build(host, {"topic": "Planning", "type": 2})
        for first in range(0, count, BATCH):
            bodies = (
                _variant(template, i, emu.ids) for i in range(first, min(first + BATCH, count))
            )
            await store.insert_many(meeting_doc(emu.account_id, body) for body in bodies)
    finally:
        await store.close()
    sample = FIRST_MEETING_ID + count // 2
    return Seeded(count, sample, time.perf_counter() - began)
