"""The folder monitor's routes: start, status, path, stop."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx


async def test_start_status_path_and_stop(
    hub_client: httpx.AsyncClient, alice: dict[str, str], tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "old.m4a").write_bytes(b"audio" * 100)
    started = await hub_client.post("/monitor/start", json={"path": str(first)}, headers=alice)
    assert started.status_code == 200, started.text
    assert started.json()["running"] is True and started.json()["path"] == str(first)
    async with asyncio.timeout(20):
        while True:
            status = (await hub_client.get("/monitor/status", headers=alice)).json()
            if status["counts"]["done"] == 1:
                break
            await asyncio.sleep(0.1)
    moved = await hub_client.put("/monitor/path", json={"path": str(second)}, headers=alice)
    assert moved.json()["path"] == str(second) and moved.json()["running"] is True
    stopped = await hub_client.post("/monitor/stop", headers=alice)
    assert stopped.json()["running"] is False
    listed = (await hub_client.get("/recordings?source=folder", headers=alice)).json()
    assert [r["file_name"] for r in listed["recordings"]] == ["old.m4a"]


async def test_a_missing_folder_is_refused_and_another_user_cannot_take_over(
    hub_client: httpx.AsyncClient, alice: dict[str, str], make_user: object, tmp_path: Path
) -> None:
    missing = tmp_path / "missing"
    refused = await hub_client.post("/monitor/start", json={"path": str(missing)}, headers=alice)
    assert refused.status_code == 422 and "not a folder" in refused.json()["message"]
    bad_path = await hub_client.put("/monitor/path", json={"path": str(missing)}, headers=alice)
    assert bad_path.status_code == 422
    assert (
        await hub_client.post("/monitor/start", json={"path": str(tmp_path)}, headers=alice)
    ).status_code == 200
    bob = await make_user("bob@example.com")  # type: ignore[operator]
    assert (await hub_client.post("/monitor/stop", headers=bob)).status_code == 409
    assert (await hub_client.get("/monitor/status")).status_code == 401
