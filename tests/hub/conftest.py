"""Hub fixtures: a fresh database per test (SQLite file, or a wiped PostgreSQL schema),
local storage in tmp_path, and an httpx client on the app with its lifespan run."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from tests.conftest import POSTGRES_URL
from zoomstack.config import HubSettings
from zoomstack.hub.app import create_app
from zoomstack.hub.state import Hub

HUB_BASE = "http://hub.test"
PG_SCHEMA = "hub_test"
PASSWORD = "correct horse battery staple"

MakeUser = Callable[[str], Awaitable[dict[str, str]]]


async def wipe_schema(schema: str) -> None:
    conn = await asyncpg.connect(POSTGRES_URL)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite"])
async def hub_db(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(url, schema) of a fresh database; parametrize with ["sqlite", "postgres"]."""
    if request.param == "postgres":
        await wipe_schema(PG_SCHEMA)
        return POSTGRES_URL, PG_SCHEMA
    return f"sqlite:///{tmp_path / 'hub.sqlite3'}", ""


@pytest.fixture
def hub_settings(hub_db: tuple[str, str], tmp_path: Path) -> HubSettings:
    url, schema = hub_db
    return HubSettings(
        db=url,
        db_schema=schema,
        data_dir=tmp_path / "data",
        public_url=HUB_BASE,
        zoom_api_url="",
        redis_url="",
        max_upload_bytes=256 * 1024,
        # Cheap hashing: tests register many users; the default cost is ~0.25 s a hash.
        password_time_cost=1,
        password_memory_kib=1024,
        # Uploaded test media are made-up bytes; transcription tests turn this on.
        transcribe_on_store=False,
    )


@pytest.fixture
def log_stream() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def hub_app(hub_settings: HubSettings, log_stream: io.StringIO) -> FastAPI:
    return create_app(hub_settings, log_stream=log_stream)


@pytest.fixture
async def hub_client(hub_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        hub_app.router.lifespan_context(hub_app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=hub_app), base_url=HUB_BASE) as http,
    ):
        yield http


@pytest.fixture
def hub(hub_app: FastAPI, hub_client: httpx.AsyncClient) -> Hub:
    """The running hub's state (database, storage, keys) behind `hub_client`."""
    state: Hub = hub_app.state.hub
    return state


async def login_headers(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    """Register `email` (password PASSWORD), log in, and return its bearer header."""
    created = await client.post("/auth/register", json={"email": email, "password": PASSWORD})
    assert created.status_code == 201, created.text
    login = await client.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


@pytest.fixture
def make_user(hub_client: httpx.AsyncClient) -> MakeUser:
    async def make(email: str) -> dict[str, str]:
        return await login_headers(hub_client, email)

    return make


@pytest.fixture
async def alice(make_user: MakeUser) -> dict[str, str]:
    return await make_user("alice@example.com")


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible server (moto's server mode) on a free loopback port."""
    from moto.server import ThreadedMotoServer  # heavy: only for the tests that use S3

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_settings(storage_url: str, endpoint: str) -> HubSettings:
    """Settings for a store on the moto server (which takes any credentials)."""
    return HubSettings(
        storage_url=storage_url,
        s3_endpoint=endpoint,
        s3_access_key_id="testing",
        s3_secret_access_key=SecretStr("testing"),
    )


@pytest.fixture
def s3_bucket(s3_endpoint: str, request: pytest.FixtureRequest) -> str:
    """A new, empty bucket for this test."""
    name = "hub-" + request.node.name.lower().replace("_", "-").replace("[", "-")
    name = "".join(ch for ch in name if ch.isalnum() or ch == "-")[:60].strip("-")
    response = httpx.put(f"{s3_endpoint}/{name}")
    assert response.status_code == 200, response.text
    return name
