"""Fixtures every test can use: a fresh emulator per test, in-process, on a real store."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from zoomstack.config import EmulatorSettings
from zoomstack.emulator.app import create_app
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.store import open_store

POSTGRES_URL = os.environ.get(
    "ZOOMSTACK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BASE = "http://emulator.test"


def store_urls(tmp_path: Path) -> dict[str, str]:
    return {"sqlite": f"sqlite:///{tmp_path / 'emulator.sqlite3'}", "postgres": POSTGRES_URL}


@pytest.fixture(params=["sqlite"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store a test runs on; parametrize with ["sqlite", "postgres"] to run on both."""
    return store_urls(tmp_path)[request.param]


@pytest.fixture
def emulator_settings(store_url: str, tmp_path: Path) -> EmulatorSettings:
    return EmulatorSettings(db=store_url, data_dir=tmp_path, public_url=BASE)


@pytest.fixture
async def emulator(emulator_settings: EmulatorSettings) -> AsyncIterator[Emulator]:
    """A fresh emulator state: a new SQLite file, or a wiped PostgreSQL database."""
    store = await open_store(emulator_settings.database_url())
    await store.reset()
    emu = Emulator(settings=emulator_settings, store=store)
    try:
        yield emu
    finally:
        await store.close()


@pytest.fixture
async def client(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client wired to the emulator's ASGI app, no sockets, lifespan run."""
    app = create_app(emulator=emulator)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as http,
    ):
        yield http


@pytest.fixture
async def token(client: httpx.AsyncClient, emulator: Emulator) -> str:
    """A Server-to-Server token for the default account."""
    settings = emulator.settings
    response = await client.post(
        "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": settings.account_id},
        auth=(settings.client_id, settings.client_secret.get_secret_value()),
    )
    assert response.status_code == 200, response.text
    value: str = response.json()["access_token"]
    return value


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
