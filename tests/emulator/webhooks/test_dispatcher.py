"""Deliveries end to end: API calls raise events, a real endpoint receives them signed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.emulator.live import free_socket
from tests.emulator.webhooks.conftest import SECRET, Receiver
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

both_stores = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


async def subscribe(client: httpx.AsyncClient, url: str, **body: Any) -> dict[str, Any]:
    response = await client.post(
        "/_emulator/webhooks", json={"url": url, "secret_token": SECRET, **body}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
    async with asyncio.timeout(within):
        while True:
            if await check():
                return
            await asyncio.sleep(0.02)


async def delivery_log(client: httpx.AsyncClient, sub_id: str) -> list[dict[str, Any]]:
    response = await client.get(
        "/_emulator/webhooks/deliveries", params={"subscription_id": sub_id}
    )
    assert response.status_code == 200
    deliveries: list[dict[str, Any]] = response.json()["deliveries"]
    return [d for d in deliveries if d["event"] != "endpoint.url_validation"]


@both_stores
async def test_meeting_events_arrive_in_order_and_signed(
    client: httpx.AsyncClient, auth: dict[str, str], receiver: Receiver, emulator: Emulator
) -> None:
    await subscribe(client, receiver.url, events=["meeting.*"])
    created = await client.post(
        "/v2/users/me/meetings", headers=auth, json={"topic": "Sync", "type": 2}
    )
    meeting_id = created.json()["id"]
    await client.patch(f"/v2/meetings/{meeting_id}", headers=auth, json={"topic": "Renamed"})
    await client.delete(f"/v2/meetings/{meeting_id}", headers=auth)

    got = await receiver.take(3)
    assert [r.event for r in got] == ["meeting.created", "meeting.updated", "meeting.deleted"]
    for request in got:
        assert verify(
            SECRET,
            request.headers[TIMESTAMP_HEADER],
            request.body,
            request.headers[SIGNATURE_HEADER],
        )
        assert request.headers["user-agent"] == "Zoom Marketplace/1.0a"
        assert request.headers["content-type"] == "application/json; charset=utf-8"
        body = request.json()
        assert body["payload"]["account_id"] == emulator.account_id
        assert body["payload"]["object"]["id"] == meeting_id
        assert isinstance(body["event_ts"], int)
    assert got[1].json()["payload"]["object"]["topic"] == "Renamed"


async def test_many_events_keep_their_order(
    client: httpx.AsyncClient, auth: dict[str, str], receiver: Receiver
) -> None:
    await subscribe(client, receiver.url, events=["meeting.created"])
    topics = [f"Meeting {i}" for i in range(12)]
    for topic in topics:
        await client.post("/v2/users/me/meetings", headers=auth, json={"topic": topic})
    got = await receiver.take(len(topics))
    assert [r.json()["payload"]["object"]["topic"] for r in got] == topics


async def test_only_subscribed_events_and_accounts_are_sent(
    client: httpx.AsyncClient, auth: dict[str, str], receiver: Receiver, emulator: Emulator
) -> None:
    await subscribe(client, receiver.url, events=["user.created"])
    await subscribe(client, receiver.url, events=["*"], account_id="someOtherAccount")
    await client.post("/v2/users/me/meetings", headers=auth, json={"topic": "not sent"})
    body = {"action": "create", "user_info": {"email": "new@example.com", "type": 1}}
    assert (await client.post("/v2/users", headers=auth, json=body)).status_code == 201
    await emulator.webhooks.idle()
    got = await receiver.next()
    assert got.event == "user.created"
    assert got.json()["payload"]["object"]["email"] == "new@example.com"
    assert receiver.events.empty()


async def test_user_events(
    client: httpx.AsyncClient, auth: dict[str, str], receiver: Receiver
) -> None:
    await subscribe(client, receiver.url, events=["user.*"])
    body = {"action": "custCreate", "user_info": {"email": "u@example.com", "type": 1}}
    user = (await client.post("/v2/users", headers=auth, json=body)).json()
    await client.patch(f"/v2/users/{user['id']}", headers=auth, json={"first_name": "Ann"})
    await client.delete(f"/v2/users/{user['id']}", headers=auth, params={"action": "delete"})
    got = await receiver.take(3)
    assert [r.event for r in got] == ["user.created", "user.updated", "user.deleted"]


async def test_failed_delivery_is_retried_then_logged_delivered(
    client: httpx.AsyncClient, auth: dict[str, str], receiver: Receiver
) -> None:
    sub = await subscribe(client, receiver.url, events=["meeting.created"])
    receiver.script = [500, 503]
    await client.post("/v2/users/me/meetings", headers=auth, json={"topic": "Retry me"})
    attempts = await receiver.take(3)
    assert len({r.headers["x-zm-trackingid"] for r in attempts}) == 1
    assert {r.json()["payload"]["object"]["topic"] for r in attempts} == {"Retry me"}

    async def settled() -> bool:
        return bool((await delivery_log(client, sub["id"]))[0]["status"] == "delivered")

    await eventually(settled)
    (delivery,) = await delivery_log(client, sub["id"])
    assert [a["status_code"] for a in delivery["attempts"]] == [500, 503, 200]
    assert delivery["id"] == attempts[0].headers["x-zm-trackingid"]
    assert delivery["event"] == "meeting.created"


async def test_client_errors_are_not_retried(
    client: httpx.AsyncClient, auth: dict[str, str], receiver: Receiver
) -> None:
    sub = await subscribe(client, receiver.url, events=["meeting.created"])
    receiver.script = [404]
    await client.post("/v2/users/me/meetings", headers=auth, json={"topic": "Gone"})
    await receiver.next()

    async def settled() -> bool:
        return bool((await delivery_log(client, sub["id"]))[0]["status"] == "failed")

    await eventually(settled)
    (delivery,) = await delivery_log(client, sub["id"])
    assert [a["status_code"] for a in delivery["attempts"]] == [404]


async def test_unreachable_endpoint_is_tried_four_times_then_failed(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    closed = free_socket()  # bound, never listening: connections are refused
    url = f"http://127.0.0.1:{closed.getsockname()[1]}/hook"
    sub = await subscribe(client, url, events=["meeting.created"], validate=False)
    await client.post("/v2/users/me/meetings", headers=auth, json={"topic": "Nobody home"})

    async def settled() -> bool:
        log = await delivery_log(client, sub["id"])
        return bool(log) and log[0]["status"] == "failed"

    await eventually(settled)
    closed.close()
    (delivery,) = await delivery_log(client, sub["id"])
    assert len(delivery["attempts"]) == 4
    assert all(a["status_code"] is None for a in delivery["attempts"])
    assert delivery["attempts"][0]["error"].startswith("ConnectionRefused(-2)")


async def test_injected_transport_receives_events(emulator: Emulator) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    emulator.webhooks.transport = httpx.MockTransport(answer)
    await emulator.webhooks.start()
    try:
        from zoomstack.emulator.webhooks.subscriptions import Subscription

        sub = Subscription(
            id="s1", account_id="acct", scope="account", url="https://hooks.example/z",
            events=["recording.completed"], secret_token=SECRET,
        )  # fmt: skip
        await emulator.webhooks.subscriptions.save(sub)
        await emulator.emit("recording.completed", "acct", {"uuid": "u1"})
        await emulator.emit("recording.completed", "other", {"uuid": "u2"})
        await emulator.webhooks.idle()
    finally:
        await emulator.webhooks.stop()
    assert [str(r.url) for r in seen] == ["https://hooks.example/z"]
    assert verify(
        SECRET,
        seen[0].headers[TIMESTAMP_HEADER],
        seen[0].content,
        seen[0].headers[SIGNATURE_HEADER],
    )
