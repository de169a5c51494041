"""The request log at /_emulator/requests."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.conftest import BASE
from zoomstack.config import EmulatorSettings


async def test_requests_are_logged_newest_first(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await client.get("/v2/users/me", headers=auth)
    await client.get("/v2/meetings/1", headers=auth, params={"type": "scheduled"})
    await client.get("/_emulator/health")  # control calls are not logged
    body = (await client.get("/_emulator/requests")).json()
    assert body["enabled"] is True
    newest, older, token = body["requests"]
    assert (newest["method"], newest["path"], newest["status"]) == ("GET", "/v2/meetings/1", 404)
    assert newest["query"] == "type=scheduled"
    assert (older["path"], older["status"]) == ("/v2/users/me", 200)
    assert older["account_id"] == "zsDemoAccount0000000001"
    assert older["latency_ms"] >= 0 and older["time"].endswith("Z")
    assert (token["path"], token["account_id"]) == ("/oauth/token", None)


async def test_filters_and_limit(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    for _ in range(3):
        await client.get("/v2/users/me", headers=auth)
    await client.post("/v2/users/me/meetings", headers=auth, json={})

    async def paths(**params: str) -> list[str]:
        found = (await client.get("/_emulator/requests", params=params)).json()["requests"]
        return [f"{r['method']} {r['path']}" for r in found]

    assert await paths(method="post") == ["POST /v2/users/me/meetings", "POST /oauth/token"]
    assert await paths(path="/v2/users/me", limit="2") == ["GET /v2/users/me"] * 2
    assert await paths(status="201") == ["POST /v2/users/me/meetings"]
    assert await paths(account_id="nobody") == []
    bad = await client.get("/_emulator/requests", params={"status": "ok"})
    assert bad.status_code == 400


async def test_clear(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    await client.get("/v2/users/me", headers=auth)
    assert (await client.delete("/_emulator/requests")).status_code == 204
    assert (await client.get("/_emulator/requests")).json()["requests"] == []


class TestSwitchedOff:
    @pytest.fixture
    def emulator_settings(self, store_url: str, tmp_path: Path) -> EmulatorSettings:
        return EmulatorSettings(
            db=store_url, data_dir=tmp_path, public_url=BASE, request_log_size=0
        )

    async def test_size_zero_turns_the_log_off(
        self, client: httpx.AsyncClient, auth: dict[str, str]
    ) -> None:
        assert (await client.get("/v2/users/me", headers=auth)).status_code == 200
        body = (await client.get("/_emulator/requests")).json()
        assert body == {"enabled": False, "total_records": 0, "requests": []}
