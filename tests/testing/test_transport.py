"""httpx transports to an in-process emulator: sync and async clients, one state, no port."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from zoomstack.testing.runner import EmulatorThread, emulator_settings
from zoomstack.testing.transport import AsyncEmulatorTransport, EmulatorTransport

API = "https://api.zoom.us/v2"


@pytest.fixture
def thread(tmp_path: Path) -> Iterator[EmulatorThread]:
    with EmulatorThread(emulator_settings("memory", data_dir=tmp_path)) as running:
        yield running


def test_sync_client_writes_what_async_clients_on_other_loops_read(
    thread: EmulatorThread,
) -> None:
    with httpx.Client(transport=EmulatorTransport(thread)) as client:
        created = client.post(
            f"{API}/users/me/meetings",
            json={"topic": "Transport check", "type": 2, "duration": 20},
            headers={"authorization": "Bearer any"},  # lenient auth: the demo account
        )
    assert created.status_code == 201, created.text
    meeting_id = created.json()["id"]

    async def read_back() -> str:
        transport = AsyncEmulatorTransport(thread)
        async with httpx.AsyncClient(transport=transport) as client:
            got = await client.get(
                f"{API}/meetings/{meeting_id}", headers={"authorization": "Bearer any"}
            )
            topic: str = got.json()["topic"]
            return topic

    # Two separate event loops, one after the other: the emulator outlives both.
    assert asyncio.run(read_back()) == "Transport check"
    assert asyncio.run(read_back()) == "Transport check"


async def test_concurrent_async_requests_all_get_their_own_answer(
    thread: EmulatorThread,
) -> None:
    transport = AsyncEmulatorTransport(thread)
    async with httpx.AsyncClient(transport=transport, base_url=API) as client:
        headers = {"authorization": "Bearer any"}
        replies = await asyncio.gather(
            *(
                client.post("/users/me/meetings", json={"topic": f"m{n}"}, headers=headers)
                for n in range(10)
            )
        )
    assert sorted(reply.json()["topic"] for reply in replies) == sorted(f"m{n}" for n in range(10))


def test_streamed_request_bodies_are_read_before_they_cross_threads(
    thread: EmulatorThread,
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"topic": "chunked'
        yield b' upload"}'

    with httpx.Client(transport=EmulatorTransport(thread), base_url=API) as client:
        reply = client.post(
            "/users/me/meetings",
            content=chunks(),
            headers={"authorization": "Bearer any", "content-type": "application/json"},
        )
    assert reply.json()["topic"] == "chunked upload"
