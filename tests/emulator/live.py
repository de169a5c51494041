"""Real HTTP servers for tests that need sockets: uvicorn on a free loopback port.

`serve` runs any ASGI app inside the test's event loop; `serve_emulator` runs a whole
emulator (own SQLite file, strict auth by default) in a background thread, for
synchronous clients such as the unmodified Zoom SDKs.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import requests
import uvicorn
from starlette.types import ASGIApp

from zoomstack.config import AuthMode, EmulatorSettings
from zoomstack.emulator.app import create_app

START_TIMEOUT_SECONDS = 20.0


def free_socket() -> socket.socket:
    """A socket bound to a free port on 127.0.0.1 (not yet listening)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


async def serve(app: ASGIApp, sock: socket.socket) -> AsyncIterator[str]:
    """Serve `app` on `sock` until the generator is closed; yields the base URL."""
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    host, port = sock.getsockname()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        await task


@dataclass(frozen=True)
class LiveEmulator:
    url: str
    settings: EmulatorSettings

    @property
    def api(self) -> str:
        return f"{self.url}/v2"

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth/token"

    def token(self) -> str:
        """A Server-to-Server token, asked for the way Zoom documents it."""
        settings = self.settings
        response = requests.post(
            self.token_url,
            data={"grant_type": "account_credentials", "account_id": settings.account_id},
            auth=(settings.client_id, settings.client_secret.get_secret_value()),
            timeout=10,
        )
        response.raise_for_status()
        value: str = response.json()["access_token"]
        return value


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the emulator server did not start")
        time.sleep(0.01)


@contextlib.contextmanager
def serve_emulator(
    data_dir: Path, *, auth_mode: AuthMode = AuthMode.strict
) -> Iterator[LiveEmulator]:
    """Run a fresh emulator in a background thread until the block ends."""
    sock = free_socket()
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    settings = EmulatorSettings(
        db=f"sqlite:///{data_dir / 'emulator.sqlite3'}",
        data_dir=data_dir,
        public_url=url,
        auth_mode=auth_mode,
    )
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_started(server, thread)
        yield LiveEmulator(url, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
