from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from fastapi import FastAPI

from tests.hub.conftest import HUB_BASE
from zoomstack.config import HubSettings
from zoomstack.hub.app import create_app

ERROR_KEYS = {"error", "message", "status_code", "timestamp", "details"}


async def test_openapi_docs_and_redoc(hub_client: httpx.AsyncClient) -> None:
    schema = (await hub_client.get("/openapi.json")).json()
    assert {"/auth/login", "/recordings", "/upload/recording", "/health", "/metrics"} <= set(
        schema["paths"]
    )
    upload = schema["paths"]["/upload/recording"]["post"]["requestBody"]
    assert "multipart/form-data" in upload["content"]
    for page in ("/docs", "/redoc"):
        response = await hub_client.get(page)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/nowhere", 404), ("DELETE", "/health", 405), ("GET", "/users/me", 401)],
)
async def test_errors_have_the_hub_shape(
    hub_client: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    response = await hub_client.request(method, path)
    assert response.status_code == status
    body = response.json()
    assert set(body) == ERROR_KEYS and body["error"] is True and body["status_code"] == status


async def test_invalid_json_is_422_not_500(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await hub_client.post(
        "/auth/login", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert set(response.json()) == ERROR_KEYS


async def test_an_unexpected_failure_is_a_500_in_the_hub_shape(hub_settings: HubSettings) -> None:
    app: FastAPI = create_app(hub_settings)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("internal detail that must not leak")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url=HUB_BASE) as client,
    ):
        response = await client.get("/boom")
    assert response.status_code == 500
    body = response.json()
    assert set(body) == ERROR_KEYS and body["message"] == "Internal error."
    assert "internal detail" not in response.text


def test_the_hub_never_imports_the_emulator() -> None:
    code = (
        "import sys, zoomstack.hub.app, zoomstack.hub.commands;"
        "print([m for m in sys.modules if m.startswith('zoomstack.emulator')])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
