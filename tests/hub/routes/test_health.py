from __future__ import annotations

import os

import httpx
import pytest
from fastapi import FastAPI

from tests.hub.conftest import HUB_BASE
from zoomstack.config import EmulatorSettings, HubSettings
from zoomstack.emulator.app import create_app as create_emulator
from zoomstack.hub.app import create_app
from zoomstack.hub.db.migrate import head_revision
from zoomstack.hub.db.session import open_database
from zoomstack.hub.state import Hub

REDIS_URL = os.environ.get("ZOOMSTACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


async def get_health(app: FastAPI) -> httpx.Response:
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=HUB_BASE) as client,
    ):
        return await client.get("/health")


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_healthy_is_200_with_each_part(hub_client: httpx.AsyncClient) -> None:
    response = await hub_client.get("/health")
    assert response.status_code == 200, response.text
    checks = response.json()["checks"]
    assert response.json()["status"] == "ok"
    assert (
        checks["database"]["status"] == "ok" and checks["database"]["revision"] == head_revision()
    )
    assert checks["storage"] == {**checks["storage"], "status": "ok", "backend": "local"}
    assert "zoom" not in checks and "redis" not in checks  # not configured


async def test_broken_storage_is_503_with_details(hub_client: httpx.AsyncClient, hub: Hub) -> None:
    root = hub.settings.data_dir / "storage"
    for path in sorted(root.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    root.rmdir()
    root.write_text("a file where the storage folder was")
    response = await hub_client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["error"] is True and body["status"] == "unhealthy"
    assert body["message"] == "Unhealthy: storage."
    checks = body["details"]["checks"]
    assert checks["storage"]["status"] == "failing" and checks["storage"]["error"]
    assert checks["database"]["status"] == "ok"


async def test_unreachable_database_is_503(hub_client: httpx.AsyncClient, hub: Hub) -> None:
    await hub.db.close()
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    hub.db = open_database("postgresql://postgres@127.0.0.1:1/nowhere")
    response = await hub_client.get("/health")
    assert response.status_code == 503
    checks = response.json()["details"]["checks"]
    assert checks["database"]["status"] == "failing"
    assert checks["storage"]["status"] == "ok"


async def test_redis_is_checked_when_configured(hub_settings: HubSettings) -> None:
    hub_settings.redis_url = REDIS_URL
    response = await get_health(create_app(hub_settings))
    assert response.status_code == 200, response.text
    assert response.json()["checks"]["redis"]["status"] == "ok"


async def test_unreachable_redis_is_503(hub_settings: HubSettings) -> None:
    hub_settings.redis_url = "redis://127.0.0.1:1/0"
    response = await get_health(create_app(hub_settings))
    assert response.status_code == 503
    assert response.json()["details"]["checks"]["redis"]["status"] == "failing"


async def test_zoom_reachable_through_the_emulator(hub_settings: HubSettings) -> None:
    emulator = create_emulator(
        settings=EmulatorSettings(db=f"sqlite:///{hub_settings.data_dir}/emu.sqlite3")
    )
    hub_settings.zoom_api_url = "http://emulator.test/v2/users/me"
    async with emulator.router.lifespan_context(emulator):
        app = create_app(hub_settings, zoom_transport=httpx.ASGITransport(app=emulator))
        response = await get_health(app)
    assert response.status_code == 200, response.text
    zoom = response.json()["checks"]["zoom"]
    assert zoom["status"] == "ok" and zoom["http_status"] in (200, 401)


@pytest.mark.parametrize(("required", "status"), [(True, 503), (False, 200)])
async def test_unreachable_zoom(hub_settings: HubSettings, required: bool, status: int) -> None:
    hub_settings.zoom_api_url = "http://127.0.0.1:1/v2"
    hub_settings.zoom_required = required
    response = await get_health(create_app(hub_settings))
    assert response.status_code == status
    checks = (
        response.json()["checks"] if required is False else response.json()["details"]["checks"]
    )
    assert checks["zoom"]["status"] == "failing"
    assert checks["zoom"]["critical"] is required
