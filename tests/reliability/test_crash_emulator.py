"""kill -9 the emulator in the middle of a burst of writes, start it again on the same
store: every write it acknowledged is there, and everything there is whole.

Twelve clients create meetings and then change each one's agenda, one request after
another, until 200 writes are acknowledged; the process is killed with the requests
still in flight. A write in flight may have landed or not; an acknowledged one must
have, and nothing may be half there (a meeting in the list that cannot be read, a
count that disagrees with the list, a body missing its fields).
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import store_urls
from tests.reliability.processes import emulator, s2s_headers
from zoomstack.emulator.store import open_store

WRITERS = 12
ACKNOWLEDGED = 200
WHOLE = ("uuid", "id", "topic", "agenda", "settings", "join_url", "start_time", "host_id")


@dataclass
class Ledger:
    """What the clients were told, and what they were still waiting for."""

    created: dict[int, str] = field(default_factory=dict)  # id -> topic
    agenda: dict[int, str] = field(default_factory=dict)  # id -> last acknowledged
    in_flight: dict[int, str] = field(default_factory=dict)  # id -> agenda sent, no answer
    topics_in_flight: set[str] = field(default_factory=set)
    acks: int = 0
    full: asyncio.Event = field(default_factory=asyncio.Event)

    def ack(self) -> None:
        self.acks += 1
        if self.acks >= ACKNOWLEDGED:
            self.full.set()


async def writer(http: httpx.AsyncClient, number: int, ledger: Ledger) -> None:
    for serial in itertools.count():
        topic = f"writer {number} meeting {serial}"
        ledger.topics_in_flight.add(topic)
        made = await http.post("/v2/users/me/meetings", json={"topic": topic, "agenda": "v0"})
        assert made.status_code == 201, made.text
        meeting_id = made.json()["id"]
        ledger.topics_in_flight.discard(topic)
        ledger.created[meeting_id], ledger.agenda[meeting_id] = topic, "v0"
        ledger.ack()
        for version in range(1, 4):
            ledger.in_flight[meeting_id] = f"v{version}"
            changed = await http.patch(f"/v2/meetings/{meeting_id}", json={"agenda": f"v{version}"})
            assert changed.status_code == 204, changed.text
            ledger.agenda[meeting_id] = ledger.in_flight.pop(meeting_id)
            ledger.ack()


async def burst_then_kill(base: str, kill: Any) -> Ledger:
    ledger = Ledger()
    limits = httpx.Limits(max_connections=WRITERS)
    async with httpx.AsyncClient(base_url=base, headers=s2s_headers(base), limits=limits) as http:
        tasks = [asyncio.create_task(writer(http, n, ledger)) for n in range(WRITERS)]
        await asyncio.wait_for(ledger.full.wait(), 120)
        kill()  # with every writer's next request on the wire
        done = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(outcome, httpx.TransportError) for outcome in done), done
    return ledger


async def every_meeting(http: httpx.AsyncClient) -> tuple[list[dict[str, Any]], int]:
    listed, token, total = [], "", -1
    while True:
        page = await http.get(
            "/v2/users/me/meetings", params={"page_size": 300, "next_page_token": token}
        )
        assert page.status_code == 200, page.text
        body = page.json()
        listed += body["meetings"]
        total, token = body["total_records"], body["next_page_token"]
        if not token:
            return listed, total


async def check_after_restart(base: str, ledger: Ledger) -> int:
    """Every acknowledged write, checked; how many."""
    async with httpx.AsyncClient(base_url=base, headers=s2s_headers(base)) as http:
        listed, total = await every_meeting(http)
        assert total == len(listed), "the count disagrees with the list"
        known = set(ledger.created.values()) | ledger.topics_in_flight
        assert {m["topic"] for m in listed} <= known, "a meeting no client made"
        assert set(ledger.created) <= {m["id"] for m in listed}, "an acknowledged create is lost"
        for item in listed:
            read = await http.get(f"/v2/meetings/{item['id']}")
            assert read.status_code == 200, read.text
            body = read.json()
            assert all(name in body for name in WHOLE), body
            allowed = {ledger.agenda.get(item["id"], "v0"), ledger.in_flight.get(item["id"])}
            assert body["agenda"] in allowed, (item["id"], body["agenda"], allowed)
    return ledger.acks


def wipe(url: str) -> None:
    async def run() -> None:
        store = await open_store(url)
        await store.reset()
        await store.close()

    asyncio.run(run())


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_every_acknowledged_write_survives_a_kill_and_nothing_is_half_written(
    kind: str, tmp_path: Path
) -> None:
    url = store_urls(tmp_path)[kind]
    wipe(url)
    server = emulator(url, tmp_path / "emulator.log").start()
    try:
        ledger = asyncio.run(burst_then_kill(server.url, server.kill))
        server.start()
        checked = asyncio.run(check_after_restart(server.url, ledger))
    finally:
        server.stop()
    assert checked >= ACKNOWLEDGED
