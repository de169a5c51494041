"""A real webhook endpoint for the tests: an HTTP server on a free loopback port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
from starlette.types import Receive, Scope, Send

from tests.conftest import BASE
from tests.emulator.live import free_socket, serve
from zoomstack.config import EmulatorSettings
from zoomstack.emulator.webhooks import encrypted_token

SECRET = "endpoint-secret-token"
FAST_RETRIES = [0.05, 0.05, 0.05]


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, Any]:
        value: dict[str, Any] = orjson.loads(self.body)
        return value

    @property
    def event(self) -> str:
        return str(self.json()["event"])


@dataclass
class Receiver:
    """Records every POST; answers url_validation with `secret`, and events with the
    statuses in `script` first (then 200)."""

    secret: str = SECRET
    port: int = 0
    script: list[int] = field(default_factory=list)
    validations: list[Received] = field(default_factory=list)
    events: asyncio.Queue[Received] = field(default_factory=asyncio.Queue)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/zoom/webhooks"

    async def next(self, within: float = 10.0) -> Received:
        return await asyncio.wait_for(self.events.get(), within)

    async def take(self, n: int) -> list[Received]:
        return [await self.next() for _ in range(n)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        got = Received({k.decode(): v.decode() for k, v in scope["headers"]}, body)
        status, answer = self._answer(got)
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": answer})

    def _answer(self, got: Received) -> tuple[int, bytes]:
        if got.event == "endpoint.url_validation":
            self.validations.append(got)
            plain = got.json()["payload"]["plainToken"]
            token = encrypted_token(self.secret, plain)
            return 200, orjson.dumps({"plainToken": plain, "encryptedToken": token})
        self.events.put_nowait(got)
        return (self.script.pop(0) if self.script else 200), b""


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    sock = free_socket()
    endpoint = Receiver(port=sock.getsockname()[1])
    async for _ in serve(endpoint, sock):
        yield endpoint


@pytest.fixture
def emulator_settings(store_url: str, tmp_path: Path) -> EmulatorSettings:
    return EmulatorSettings(
        db=store_url, data_dir=tmp_path, public_url=BASE, webhook_retry_delays=FAST_RETRIES
    )
