"""The live hub of one process: events reach every client of their user, and only theirs."""

from __future__ import annotations

import asyncio

import pytest

from zoomstack.hub.realtime import LiveEvent, LocalBroker, Realtime, open_broker
from zoomstack.hub.realtime.hub import LiveClient


@pytest.fixture
async def realtime() -> Realtime:
    hub = Realtime(LocalBroker())
    await hub.start()
    return hub


async def test_every_client_of_the_user_gets_the_event_and_no_one_else(realtime: Realtime) -> None:
    async with (
        realtime.connect("alice") as phone,
        realtime.connect("alice") as laptop,
        realtime.connect("bob") as other,
    ):
        sent = await realtime.publish("alice", "meeting.started", {"meeting_id": "42"})
        for client in (phone, laptop):
            got = await asyncio.wait_for(client.next(), 1)
            assert got == sent and got.data == {"meeting_id": "42"}
        assert other.queue.empty()
        assert realtime.connected("alice") == 2 and realtime.connected() == 3
    assert realtime.connected() == 0


async def test_a_client_that_falls_behind_is_flagged() -> None:
    client = LiveClient("alice", size=2)
    for n in range(3):
        client.offer(LiveEvent("meeting.updated", "alice", {"n": n}))
    assert client.overflowed.is_set() and client.queue.qsize() == 2


async def test_messages_that_are_not_events_are_dropped(realtime: Realtime) -> None:
    async with realtime.connect("alice") as client:
        await realtime.broker.publish(b"not json")
        await realtime.broker.publish(b'{"event": "x"}')
        await realtime.publish("alice", "meeting.ended", {})
        assert (await asyncio.wait_for(client.next(), 1)).event == "meeting.ended"
        assert client.queue.empty()


def test_event_wire_format_round_trips() -> None:
    event = LiveEvent("summary.ready", "alice", {"meeting_id": "7"})
    assert LiveEvent.decode(event.encode()) == event
    assert event.client_message() == {
        "type": "event",
        "event": "summary.ready",
        "id": event.id,
        "ts": event.ts,
        "data": {"meeting_id": "7"},
    }


def test_unknown_broker_urls_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported realtime URL"):
        open_broker("amqp://localhost")
