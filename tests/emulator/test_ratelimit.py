"""Zoom's rate limits: 429s with Zoom's headers, per account, on memory and Redis storage."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BASE
from zoomstack.config import EmulatorSettings
from zoomstack.emulator.accounts import create_account
from zoomstack.emulator.app import create_app
from zoomstack.emulator.ratelimit import RateLimitConfig, RateLimiter
from zoomstack.emulator.state import Emulator

REDIS = "redis://127.0.0.1:6379/7"
OTHER = {"account_id": "otherAccount000000001", "client_id": "other-app", "client_secret": "s2"}
# Hour-long windows: a burst never straddles a window, however slow the machine.
SMALL = {"plans": {"business": {"light": ["5/hour"], "medium": ["2/hour"]}}}


@pytest.fixture(params=["memory://", REDIS])
def limit_storage(request: pytest.FixtureRequest) -> str:
    storage: str = request.param
    return storage


@pytest.fixture
def emulator_settings(store_url: str, tmp_path: Path, limit_storage: str) -> EmulatorSettings:
    return EmulatorSettings(
        db=store_url,
        data_dir=tmp_path,
        public_url=BASE,
        rate_limits=True,
        rate_limit_storage=limit_storage,
    )


@pytest.fixture(autouse=True)
async def fresh_counts(client: httpx.AsyncClient) -> None:
    """Redis keeps counts between tests; start each one from zero."""
    assert (await client.post("/_emulator/ratelimits/reset")).status_code == 204


async def configure(client: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.put("/_emulator/ratelimits", json=body)
    assert response.status_code == 200, response.text
    listing: dict[str, Any] = response.json()
    return listing


async def other_account_auth(client: httpx.AsyncClient, emulator: Emulator) -> dict[str, str]:
    await create_account(emulator, name="Other", owner_email="owner@other.example", **OTHER)
    response = await client.post(
        "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": OTHER["account_id"]},
        auth=(OTHER["client_id"], OTHER["client_secret"]),
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_burst_over_light_limit_gets_429_with_zoom_headers(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    await configure(client, SMALL)
    codes = [(await client.get("/v2/users/me", headers=auth)).status_code for _ in range(8)]
    assert codes == [200] * 5 + [429] * 3
    refused = await client.get("/v2/users/me", headers=auth)
    assert refused.json() == {
        "code": 429,
        "message": "You have reached the maximum per-second rate limit for this API. "
        "Try again later.",
    }
    assert refused.headers["x-ratelimit-category"] == "Light"
    assert refused.headers["x-ratelimit-type"] == "QPS"
    assert refused.headers["x-ratelimit-limit"] == "5"
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert 1 <= int(refused.headers["retry-after"]) <= 3600

    other = await other_account_auth(client, emulator)
    assert (await client.get("/v2/users/me", headers=other)).status_code == 200


async def test_categories_count_separately(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    await configure(client, SMALL)
    medium = [(await client.get("/v2/users", headers=auth)).status_code for _ in range(3)]
    assert medium == [200, 200, 429]
    assert (await client.get("/v2/users/me", headers=auth)).status_code == 200  # Light


async def test_daily_limit_of_an_accounts_plan(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    other = await other_account_auth(client, emulator)
    body = {"accounts": {OTHER["account_id"]: "free"}, "plans": {"free": {"light": ["2/day"]}}}
    await configure(client, body)
    codes = [(await client.get("/v2/users/me", headers=other)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = await client.get("/v2/users/me", headers=other)
    assert refused.headers["x-ratelimit-type"] == "Daily-limit"
    assert datetime.fromisoformat(refused.headers["retry-after"].replace("Z", "+00:00"))
    assert "daily rate limit" in refused.json()["message"]
    assert (await client.get("/v2/users/me", headers=auth)).status_code == 200  # business


async def test_oauth_token_is_never_limited(client: httpx.AsyncClient, emulator: Emulator) -> None:
    await configure(client, {"plans": {"business": {"light": ["1/hour"], "medium": ["1/hour"]}}})
    settings = emulator.settings
    for _ in range(5):
        response = await client.post(
            "/oauth/token",
            params={"grant_type": "account_credentials", "account_id": settings.account_id},
            auth=(settings.client_id, settings.client_secret.get_secret_value()),
        )
        assert response.status_code == 200


async def test_switched_off_at_run_time(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    listing = await configure(client, {**SMALL, "enabled": False})
    assert listing["enabled"] is False
    codes = {(await client.get("/v2/users/me", headers=auth)).status_code for _ in range(8)}
    assert codes == {200}


async def test_listing_and_bad_config(client: httpx.AsyncClient) -> None:
    listing = (await client.get("/_emulator/ratelimits")).json()
    assert listing["enabled"] is True and listing["plan"] == "business"
    assert listing["plans"]["free"]["light"] == ["4/second", "6000/day"]
    assert listing["plans"]["pro"]["heavy+resource-intensive"] == ["30000/day"]
    response = await client.put(
        "/_emulator/ratelimits", json={"plan": "gold", "plans": {"pro": {"huge": ["1/day"]}}}
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"plan", "plans"}
    response = await client.put(
        "/_emulator/ratelimits", json={"plans": {"pro": {"light": ["lots"]}}}
    )
    assert response.status_code == 400


async def serve_worker(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """A second worker: its own app and limiter, the same store and settings."""
    worker = Emulator(settings=emulator.settings, store=emulator.store)
    app = create_app(emulator=worker)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as http,
    ):
        yield http


async def test_workers_share_counts_only_through_redis(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator, limit_storage: str
) -> None:
    await configure(client, SMALL)
    async for second in serve_worker(emulator):
        codes = [
            (await http.get("/v2/users/me", headers=auth)).status_code
            for http in [client, second] * 4
        ]
    shared = limit_storage.startswith("redis")
    assert codes.count(429) == (3 if shared else 0)


async def test_second_worker_picks_up_configuration(emulator: Emulator) -> None:
    store = emulator.store
    worker = Emulator(settings=emulator.settings, store=store)
    config = RateLimitConfig(plan="pro", accounts={"a1": "free"})
    await emulator.traffic.limit_config.save(store, config)
    assert worker.traffic.limiter.plan_of("a1") == "business"
    await worker.traffic.refresh(store)
    assert worker.traffic.limiter.plan_of("a1") == "free"
    assert worker.traffic.limiter.plan_of("a2") == "pro"
    await store.reset()
    await worker.traffic.refresh(store)
    assert worker.traffic.limiter.plan_of("a1") == "business"
    await worker.traffic.close()


async def test_limiter_windows_shared_between_heavy_and_resource_intensive(
    emulator_settings: EmulatorSettings,
) -> None:
    limiter = RateLimiter(emulator_settings)
    limiter.configure(
        RateLimitConfig(
            plans={"pro": {"heavy": ["9/hour"], "heavy+resource-intensive": ["3/day"]}},
            plan="pro",
        )
    )
    await limiter.reset()
    heavy = "/v2/report/meetings/1/participants"
    resource_intensive = "/v2/metrics/chat"
    verdicts = [await limiter.check("acct", "GET", heavy) for _ in range(3)]
    assert all(v is not None and v.rejection is None for v in verdicts)
    last = await limiter.check("acct", "GET", resource_intensive)
    assert last is not None and last.rejection is not None
    assert last.rejection.headers()["X-RateLimit-Type"] == "Daily-limit"
    assert await limiter.check("acct", "GET", "/oauth/token") is None
    await limiter.close()
