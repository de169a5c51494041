"""/ws over a real socket: the ways to authenticate, events for the signed-in user only."""

from __future__ import annotations

import asyncio

import orjson
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.hub.zoomed import LiveSocket, Zoomed


def ws_url(zoomed: Zoomed, query: str = "") -> str:
    return zoomed.hub_url.replace("http://", "ws://") + "/ws" + query


def bearer(headers: dict[str, str]) -> str:
    return headers["Authorization"].split()[1]


async def closed_with(socket: ClientConnection) -> int | None:
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(socket.recv(), 10)
    return closed.value.rcvd.code if closed.value.rcvd else None


async def test_meeting_changes_reach_the_owners_sockets_only(served: Zoomed) -> None:
    alice = await served.user("alice@example.com")
    bob = await served.user("bob@example.com")
    async with served.live(alice) as mine, served.live(bob) as theirs:
        made = await served.meeting(alice, topic="Roadmap")
        created = await mine.until("meeting.created")
        assert created["data"]["meeting"]["id"] == made["id"]
        assert created["data"]["meeting"]["topic"] == "Roadmap"

        path = f"/api/meetings/{made['id']}"
        await served.client.put(path, headers=alice, json={"topic": "Roadmap v2"})
        updated = await mine.until("meeting.updated")
        assert updated["data"]["meeting"]["topic"] == "Roadmap v2"
        await served.client.delete(path, headers=alice)
        assert (await mine.until("meeting.deleted"))["data"]["meeting"]["status"] == "deleted"

        await theirs.socket.send(orjson.dumps({"type": "ping"}).decode())
        assert await theirs.receive() == {"type": "pong"}  # nothing of alice's came first


async def test_authenticate_by_header_or_first_message(served: Zoomed) -> None:
    alice = await served.user("alice@example.com")
    async with connect(ws_url(served), additional_headers=alice) as by_header:
        assert orjson.loads(await by_header.recv())["type"] == "ready"
    async with connect(ws_url(served)) as by_message:
        await by_message.send(orjson.dumps({"type": "auth", "token": bearer(alice)}).decode())
        ready = orjson.loads(await by_message.recv())
        assert ready == {"type": "ready", "user_id": await served.user_id("alice@example.com")}
        socket = LiveSocket(by_message)
        await served.meeting(alice)
        assert (await socket.until("meeting.created"))["data"]["meeting"]["topic"]


async def test_bad_credentials_close_with_4401(served: Zoomed) -> None:
    async with connect(ws_url(served, "?token=zsk_not_a_token")) as socket:
        assert await closed_with(socket) == 4401
    async with connect(ws_url(served)) as socket:
        await socket.send(orjson.dumps({"type": "hello"}).decode())
        assert await closed_with(socket) == 4401
    async with connect(ws_url(served)) as socket:
        await socket.send("not json")
        assert await closed_with(socket) == 4401


async def test_a_logged_out_session_no_longer_connects(served: Zoomed) -> None:
    alice = await served.user("alice@example.com")
    assert (await served.client.post("/auth/logout", headers=alice)).status_code == 204
    async with connect(ws_url(served, f"?token={bearer(alice)}")) as socket:
        assert await closed_with(socket) == 4401
