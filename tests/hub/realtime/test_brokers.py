"""Redis pub/sub between two live hubs (as two hub processes would hold them)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from tests.hub.realtime.conftest import REDIS_URL
from zoomstack.hub.realtime import Realtime


@pytest.fixture
async def pair(channel: str) -> AsyncIterator[tuple[Realtime, Realtime]]:
    first = Realtime.from_url(REDIS_URL, channel=channel)
    second = Realtime.from_url(REDIS_URL, channel=channel)
    await first.start()
    await second.start()
    try:
        yield first, second
    finally:
        await first.stop()
        await second.stop()


async def test_an_event_raised_on_one_reaches_clients_of_both(
    pair: tuple[Realtime, Realtime],
) -> None:
    first, second = pair
    async with first.connect("alice") as here, second.connect("alice") as there:
        sent = await first.publish("alice", "recording.ready", {"recording_id": "r1"})
        assert await asyncio.wait_for(there.next(), 5) == sent
        assert await asyncio.wait_for(here.next(), 5) == sent  # once, through Redis


async def test_other_channels_and_garbage_are_ignored(
    pair: tuple[Realtime, Realtime], channel: str
) -> None:
    first, second = pair
    client = redis.from_url(REDIS_URL)
    try:
        async with second.connect("alice") as there:
            await client.publish(channel, b"garbage")
            await client.publish(channel + ":other", b"{}")
            await first.publish("alice", "meeting.ended", {})
            assert (await asyncio.wait_for(there.next(), 5)).event == "meeting.ended"
            assert there.queue.empty()
    finally:
        await client.aclose()
