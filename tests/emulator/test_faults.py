"""Fault injection through /_emulator/faults: errors, latency, dropped connections."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.emulator.live import free_socket, serve
from zoomstack.emulator.app import create_app
from zoomstack.emulator.faults import FaultConfig, FaultInjector, FaultRule
from zoomstack.emulator.state import Emulator


async def add(client: httpx.AsyncClient, **rule: Any) -> dict[str, Any]:
    response = await client.post("/_emulator/faults", json=rule)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.fixture
async def live(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """The emulator served by uvicorn on a free port, with a client over real sockets."""
    app = create_app(emulator=emulator)
    async with app.router.lifespan_context(app):
        async for base in serve(app, free_socket()):
            async with httpx.AsyncClient(base_url=base) as http:
                yield http


async def test_503_on_one_route_only(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    await add(client, method="GET", path="/v2/users/me", status=503, probability=1.0)
    for _ in range(3):
        response = await client.get("/v2/users/me", headers=auth)
        assert response.status_code == 503
        assert response.json() == {"code": 503, "message": "Service Unavailable."}
    assert (await client.get("/v2/users", headers=auth)).status_code == 200
    assert (await client.post("/v2/users/me/meetings", headers=auth, json={})).status_code == 201
    assert (await client.get("/_emulator/health")).status_code == 200


async def test_clearing_restores_normal_answers(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    rule = await add(client, path="/v2/*", status=500)
    assert (await client.get("/v2/users/me", headers=auth)).status_code == 500
    listed = (await client.get("/_emulator/faults")).json()
    assert [(r["id"], r["fired"]) for r in listed["rules"]] == [(rule["id"], 1)]
    assert (await client.delete("/_emulator/faults")).status_code == 204
    assert (await client.get("/v2/users/me", headers=auth)).status_code == 200
    assert (await client.get("/_emulator/faults")).json() == {"seed": None, "rules": []}


async def test_one_rule_deleted_by_id(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    rule = await add(client, path="/v2/users/me", status=502)
    assert (await client.delete(f"/_emulator/faults/{rule['id']}")).status_code == 204
    assert (await client.get("/v2/users/me", headers=auth)).status_code == 200
    missing = await client.delete(f"/_emulator/faults/{rule['id']}")
    assert missing.status_code == 404


async def test_429_fault_carries_rate_limit_headers(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await add(client, path="/v2/users", method="get", status=429)
    response = await client.get("/v2/users", headers=auth)
    assert response.status_code == 429
    assert response.headers["x-ratelimit-category"] == "Medium"  # GET /users is Medium
    assert response.headers["x-ratelimit-type"] == "QPS"
    assert response.headers["retry-after"] == "1"
    assert response.json()["code"] == 429


async def test_latency_is_added(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    await add(client, path="/v2/users/me", latency_ms=150)
    started = time.perf_counter()
    response = await client.get("/v2/users/me", headers=auth)
    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.15  # a sleep lasts at least its length
    (logged,) = (await client.get("/_emulator/requests", params={"path": "/v2/users/me"})).json()[
        "requests"
    ]
    assert logged["fault"] == "latency" and logged["latency_ms"] >= 150


async def test_times_limits_how_often_a_rule_fires(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await add(client, path="/v2/users/me", status=503, times=2)
    codes = [(await client.get("/v2/users/me", headers=auth)).status_code for _ in range(4)]
    assert codes == [503, 503, 200, 200]


async def test_dropped_connection_is_a_transport_error_on_a_socket(
    live: httpx.AsyncClient,
) -> None:
    await add(live, path="/v2/users/me", drop=True)
    with pytest.raises(httpx.RemoteProtocolError):
        await live.get("/v2/users/me", headers={"Authorization": "Bearer any"})
    assert (await live.get("/v2/users", headers={"Authorization": "Bearer any"})).is_success
    await live.delete("/_emulator/faults")
    assert (await live.get("/v2/users/me", headers={"Authorization": "Bearer any"})).is_success


async def test_dropped_connection_in_process_is_a_transport_error(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await add(client, path="/v2/users/me", drop=True)
    with pytest.raises(httpx.TransportError):
        await client.get("/v2/users/me", headers=auth)


async def test_seed_makes_faults_reproducible(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    config = {"seed": 7, "rules": [{"path": "/v2/users/me", "status": 503, "probability": 0.5}]}

    async def run() -> list[int]:
        assert (await client.put("/_emulator/faults", json=config)).status_code == 200
        return [(await client.get("/v2/users/me", headers=auth)).status_code for _ in range(16)]

    first = await run()
    assert await run() == first
    assert set(first) == {200, 503}


def test_injector_picks_first_error_and_sums_latency() -> None:
    injector = FaultInjector()
    injector.configure(
        FaultConfig(
            rules=[
                FaultRule(path="/v2/*", latency_ms=100),
                FaultRule(method="POST", path="/v2/*", latency_ms=50, status=500),
                FaultRule(path="/v2/*", status=503),
            ]
        )
    )
    post = injector.pick("POST", "/v2/users")
    assert post is not None and (post.latency_ms, post.status) == (150, 500)
    get = injector.pick("GET", "/v2/users")
    assert get is not None and (get.latency_ms, get.status) == (100, 503)
    assert injector.pick("GET", "/oauth/token") is None


async def test_bad_rules_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/_emulator/faults", json={"path": "/v2/*", "probability": 2})
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert "probability" in fields
    response = await client.post("/_emulator/faults", json={"path": "/v2/*", "status": 418})
    assert response.status_code == 400
    response = await client.post("/_emulator/faults", json={"path": "/v2/*"})  # does nothing
    assert response.status_code == 400


async def test_control_plane_is_never_faulted(client: httpx.AsyncClient) -> None:
    await add(client, path="*", status=503, drop=True)
    assert (await client.get("/_emulator/faults")).status_code == 200
    assert (await client.delete("/_emulator/faults")).status_code == 204
