"""Fixtures for the Zoom client: one bound to the in-process emulator, and helpers
to bind one to a `httpx.MockTransport` answering from a function."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import BASE
from zoomstack.emulator.app import create_app
from zoomstack.emulator.state import Emulator
from zoomstack.zoom import CircuitBreaker, RetryPolicy, ServerToServerAuth, ZoomClient

MOCK_BASE = "https://api.zoom.test/v2"
MOCK_TOKEN_URL = "https://zoom.test/oauth/token"

Handler = Callable[[httpx.Request], httpx.Response]


class Sleeps:
    """Stands in for asyncio.sleep: records each wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def retry(sleeps: Sleeps) -> RetryPolicy:
    return RetryPolicy(attempts=4, backoff=0.5, jitter=0.0, sleep=sleeps)


@pytest.fixture
async def emulator_app(emulator: Emulator) -> AsyncIterator[Starlette]:
    app = create_app(emulator=emulator)
    async with app.router.lifespan_context(app):
        yield app


def emulator_client(app: Starlette, emulator: Emulator, **options: Any) -> ZoomClient:
    settings = emulator.settings
    return ZoomClient.server_to_server(
        account_id=settings.account_id,
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value(),
        token_url=f"{BASE}/oauth/token",
        base_url=f"{BASE}/v2",
        transport=httpx.ASGITransport(app=app),
        **options,
    )


@pytest.fixture
async def zoom(
    emulator_app: Starlette, emulator: Emulator, retry: RetryPolicy
) -> AsyncIterator[ZoomClient]:
    """A ZoomClient on the emulator with its demo Server-to-Server app, no sockets."""
    async with emulator_client(emulator_app, emulator, retry=retry) as client:
        yield client


def token_answer(request: httpx.Request, token: str = "tok-1") -> httpx.Response | None:
    """The mock token endpoint's answer, or None when `request` is not for it."""
    if str(request.url).startswith(MOCK_TOKEN_URL):
        return httpx.Response(200, json={"access_token": token, "expires_in": 3600})
    return None


def mock_client(
    handler: Handler,
    retry: RetryPolicy,
    *,
    breaker: CircuitBreaker | None = None,
    **options: Any,
) -> ZoomClient:
    """A ZoomClient whose every request (token ones included) goes to `handler`."""
    auth = ServerToServerAuth(
        account_id="acc", client_id="cid", client_secret="secret", token_url=MOCK_TOKEN_URL
    )
    return ZoomClient(
        auth,
        base_url=MOCK_BASE,
        transport=httpx.MockTransport(handler),
        retry=retry,
        breaker=breaker,
        **options,
    )
