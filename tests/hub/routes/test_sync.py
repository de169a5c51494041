"""POST /sync, GET /sync/runs/{id} and GET /sync/status through the hub app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from tests.hub.conftest import HUB_BASE, login_headers
from tests.hub.sync.conftest import OWNER, CloudFile, hub_settings_for, record_meetings
from zoomstack.emulator.app import create_app as create_emulator_app
from zoomstack.emulator.state import Emulator
from zoomstack.hub.app import create_app


@pytest.fixture
async def zoom_app(emulator: Emulator) -> AsyncIterator[Starlette]:
    app = create_emulator_app(emulator=emulator)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def cloud(zoom_app: Starlette, emulator: Emulator, auth: dict[str, str]) -> list[CloudFile]:
    return await record_meetings(zoom_app, emulator, auth)


@pytest.fixture
async def connected(
    emulator: Emulator, zoom_app: Starlette, hub_db: tuple[str, str], tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """A hub app connected to the emulator's account with its S2S credentials."""
    settings = hub_settings_for(emulator, hub_db, tmp_path, public_url=HUB_BASE)
    app = create_app(settings, zoom_transport=httpx.ASGITransport(app=zoom_app))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url=HUB_BASE) as http,
    ):
        yield http


async def wait_run(
    http: httpx.AsyncClient, run_id: str, headers: dict[str, str]
) -> dict[str, object]:
    async with asyncio.timeout(30):
        while True:
            run: dict[str, object] = (
                await http.get(f"/sync/runs/{run_id}", headers=headers)
            ).json()
            if run["status"] in ("done", "failed"):
                return run
            await asyncio.sleep(0.05)


async def test_a_sync_started_over_http_stores_the_account_recordings(
    connected: httpx.AsyncClient, cloud: list[CloudFile]
) -> None:
    owner = await login_headers(connected, OWNER)
    started = await connected.post("/sync", json={"retry_failed": False}, headers=owner)
    assert started.status_code == 202, started.text
    run = await wait_run(connected, started.json()["id"], owner)
    assert (run["status"], run["files_found"], run["files_queued"]) == (
        "done",
        len(cloud),
        len(cloud),
    )
    status = (await connected.get("/sync/status", headers=owner)).json()
    assert status["connected"] is True
    assert status["counts"]["done"] == len(cloud) and status["failed"] == []
    listed = (await connected.get("/recordings?source=cloud&page_size=100", headers=owner)).json()
    assert listed["total_records"] == len(cloud)


async def test_only_the_sync_user_starts_a_sync_and_windows_must_make_sense(
    connected: httpx.AsyncClient,
) -> None:
    other = await login_headers(connected, "someone@example.com")
    missing_owner = await connected.post("/sync", headers=other)
    assert missing_owner.status_code == 409
    owner = await login_headers(connected, OWNER)
    assert (await connected.post("/sync", headers=other)).status_code == 403
    backwards = await connected.post(
        "/sync", json={"from": "2025-02-01", "to": "2025-01-01"}, headers=owner
    )
    assert backwards.status_code == 422 and "after it ends" in backwards.json()["message"]
    assert (await connected.get("/sync/runs/nope", headers=owner)).status_code == 404
    assert (await connected.post("/sync")).status_code == 401


async def test_without_zoom_credentials_a_sync_is_a_conflict(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    refused = await hub_client.post("/sync", headers=alice)
    assert refused.status_code == 409 and "not connected" in refused.json()["message"]
    status = (await hub_client.get("/sync/status", headers=alice)).json()
    assert status["connected"] is False and status["runs"] == []
