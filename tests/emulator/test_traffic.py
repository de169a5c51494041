"""Traffic state and the emulator's reset."""

from __future__ import annotations

import httpx


async def test_reset_clears_faults_limits_and_the_log_at_once(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await client.post("/_emulator/faults", json={"path": "/v2/users/me", "status": 500})
    await client.put("/_emulator/ratelimits", json={"enabled": True, "plan": "free"})
    assert (await client.get("/v2/users/me", headers=auth)).status_code == 500
    assert (await client.post("/_emulator/reset")).status_code == 200
    assert (await client.get("/_emulator/faults")).json()["rules"] == []
    assert (await client.get("/_emulator/ratelimits")).json()["enabled"] is False
    assert (await client.get("/_emulator/requests")).json()["requests"] == []
