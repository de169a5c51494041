from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from tests.hub.conftest import HUB_BASE
from zoomstack.cli import app
from zoomstack.config import HubSettings
from zoomstack.hub.app import create_app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HubSettings:
    monkeypatch.setenv("ZOOMSTACK_HUB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ZOOMSTACK_HUB_ZOOM_API_URL", "")
    monkeypatch.setenv("ZOOMSTACK_HUB_PASSWORD_MEMORY_KIB", "1024")
    return HubSettings()


async def whoami(settings: HubSettings, headers: dict[str, str]) -> httpx.Response:
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=HUB_BASE) as client,
    ):
        return await client.get("/users/me", headers=headers)


def test_hub_user_create_makes_a_user_with_an_api_key(env: HubSettings) -> None:
    result = runner.invoke(
        app, ["hub-user", "create", "First@Example.com", "--password", "pa55-word!", "--api-key"]
    )
    assert result.exit_code == 0, result.output
    assert "created user first@example.com" in result.output
    key = result.output.split("API key (shown once): ")[1].strip()
    response = asyncio.run(whoami(env, {"X-API-Key": key}))
    assert response.status_code == 200 and response.json()["email"] == "first@example.com"
    again = runner.invoke(app, ["hub-user", "create", "first@example.com", "--password", "x" * 8])
    assert again.exit_code != 0 and "already exists" in again.output


def test_hub_user_create_prompts_for_the_password(env: HubSettings) -> None:
    result = runner.invoke(
        app, ["hub-user", "create", "p@example.com"], input="s3cret-pw\ns3cret-pw\n"
    )
    assert result.exit_code == 0, result.output
    assert "s3cret-pw" not in result.output


def test_hub_keys_generate_prints_a_fernet_key(env: HubSettings) -> None:
    result = runner.invoke(app, ["hub-keys", "generate"])
    assert result.exit_code == 0
    Fernet(result.output.strip().encode())  # raises unless it is a valid key


def test_hub_keys_rotate_reports_the_rows(env: HubSettings) -> None:
    result = runner.invoke(app, ["hub-keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted the Zoom tokens of 0 user(s)" in result.output


async def test_demo_user_bootstrap_is_idempotent(env: HubSettings) -> None:
    env.demo_user = True
    demo_key = {"X-API-Key": env.demo_api_key.get_secret_value()}
    first = await whoami(env, demo_key)
    second = await whoami(env, demo_key)  # a restart: same user, same key, no error
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() and first.json()["email"] == env.demo_email


def test_help_lists_the_hub_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert all(name in result.output for name in ("hub ", "hub-user", "hub-keys"))
