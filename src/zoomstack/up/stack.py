"""The emulator and the hub served together in one process, wired to each other.

Both are real uvicorn servers on real ports: the hub reaches the emulator over HTTP
with Server-to-Server credentials, exactly as it would reach zoom.us, and the emulator
delivers its webhooks to the hub's `/webhooks/zoom` over HTTP. Neither imports the
other; only this module knows both.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp

from ..config import EmulatorSettings, HubSettings

START_TIMEOUT_SECONDS = 60.0
# The events the hub acts on (webhooks/handlers.py); others would only be logged.
HUB_EVENTS = [
    "meeting.created",
    "meeting.updated",
    "meeting.deleted",
    "meeting.started",
    "meeting.ended",
    "meeting.participant_joined",
    "meeting.participant_left",
    "recording.completed",
    "recording.transcript_completed",
    "meeting.summary_completed",
]


@dataclass(frozen=True, slots=True)
class UpConfig:
    """What `zoomstack up` runs: where, on which ports, with which demo data."""

    data_dir: Path
    host: str = "127.0.0.1"
    emulator_port: int = 8000
    hub_port: int = 8080
    seed: int = 42
    demo_users: int = 8
    demo_meetings: int = 6
    sync_days: int = 7
    simulate_every: float = 180.0
    emulator_extra: dict[str, Any] = field(default_factory=dict)
    hub_extra: dict[str, Any] = field(default_factory=dict)


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on `port` (0: any free one), bound before either app
    starts so each can be told the other's real address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}"


def emulator_settings(config: UpConfig, sock: socket.socket) -> EmulatorSettings:
    port = sock.getsockname()[1]
    values: dict[str, Any] = {"host": config.host, "port": port, "data_dir": config.data_dir}
    return EmulatorSettings(**{**values, **config.emulator_extra})


def hub_settings(config: UpConfig, sock: socket.socket, emulator: EmulatorSettings) -> HubSettings:
    """The hub as the emulator's Server-to-Server app, owning its recordings as the demo user."""
    port = sock.getsockname()[1]
    emulator_base = emulator.base_url()
    values: dict[str, Any] = {
        "host": config.host,
        "port": port,
        "data_dir": config.data_dir,
        "zoom_api_url": f"{emulator_base}/v2",
        "zoom_account_id": emulator.account_id,
        "zoom_client_id": emulator.client_id,
        "zoom_client_secret": emulator.client_secret,
        "webhook_secret_token": emulator.webhook_secret,
        "emulator_url": emulator_base,
        "demo_user": True,
        "sync_lookback_days": config.sync_days,
    }
    return HubSettings(**{**values, **config.hub_extra})


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signals to the caller: two servers share one
    process, and Ctrl-C must stop both, in order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class Served:
    server: _Server
    task: asyncio.Task[None]

    async def stop(self) -> None:
        self.server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


async def serve(app: ASGIApp, sock: socket.socket, **options: Any) -> Served:
    """Start serving `app` on `sock`; return once it accepts connections."""
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, timeout_graceful_shutdown=2, **options
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    async with asyncio.timeout(START_TIMEOUT_SECONDS):
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("the server stopped while starting")
            await asyncio.sleep(0.02)
    return Served(server, task)


@dataclass
class Stack:
    """The running pair: their settings, apps and URLs."""

    emulator: EmulatorSettings
    hub: HubSettings
    emulator_app: ASGIApp
    hub_app: FastAPI
    emulator_url: str
    hub_url: str

    async def s2s_token(self, http: httpx.AsyncClient) -> str:
        settings = self.emulator
        answer = await http.post(
            f"{self.emulator_url}/oauth/token",
            params={"grant_type": "account_credentials", "account_id": settings.account_id},
            auth=(settings.client_id, settings.client_secret.get_secret_value()),
        )
        answer.raise_for_status()
        token: str = answer.json()["access_token"]
        return token

    async def subscribe(self, http: httpx.AsyncClient) -> bool:
        """Zoom's event subscription for the hub's webhook endpoint, once per store;
        True when it was made now."""
        url = f"{self.hub_url}/webhooks/zoom"
        headers = {"authorization": f"Bearer {await self.s2s_token(http)}"}
        listed = await http.get(f"{self.emulator_url}/_emulator/webhooks", headers=headers)
        listed.raise_for_status()
        if any(sub.get("url") == url for sub in listed.json().get("webhooks", [])):
            return False
        body = {
            "url": url,
            "secret_token": self.hub.webhook_secret_token.get_secret_value(),
            "events": HUB_EVENTS,
        }
        made = await http.post(
            f"{self.emulator_url}/_emulator/webhooks", json=body, headers=headers
        )
        made.raise_for_status()
        return True


def seed_demo(config: UpConfig, emulator: EmulatorSettings) -> bool:
    """The demo data, once per store (with links to this emulator's address)."""
    from ..emulator.seed_command import ensure_demo_data

    return ensure_demo_data(
        emulator,
        users=config.demo_users,
        meetings_per_user=config.demo_meetings,
        seed_value=config.seed,
    )


def _apps(emulator: EmulatorSettings, hub: HubSettings) -> tuple[ASGIApp, FastAPI]:
    from ..emulator.app import create_app as create_emulator
    from ..hub.app import create_app as create_hub

    return create_emulator(emulator), create_hub(hub)


@contextlib.asynccontextmanager
async def running(config: UpConfig) -> AsyncIterator[Stack]:
    """Both servers up and subscribed to each other; both stopped on the way out
    (the hub first, so no webhook arrives at a closed hub)."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    emulator_sock = bind(config.host, config.emulator_port)
    hub_sock = bind(config.host, config.hub_port)
    emulator = emulator_settings(config, emulator_sock)
    hub = hub_settings(config, hub_sock, emulator)
    await asyncio.to_thread(seed_demo, config, emulator)
    emulator_app, hub_app = _apps(emulator, hub)
    served: list[Served] = []
    try:
        served.append(await serve(emulator_app, emulator_sock, http="httptools"))
        served.append(await serve(hub_app, hub_sock))
        stack = Stack(
            emulator, hub, emulator_app, hub_app, base_url(emulator_sock), base_url(hub_sock)
        )
        async with httpx.AsyncClient(timeout=30.0) as http:
            await stack.subscribe(http)
        yield stack
    finally:
        for server in reversed(served):
            await server.stop()
        emulator_sock.close()
        hub_sock.close()
