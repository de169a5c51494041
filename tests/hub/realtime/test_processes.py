"""Two hub processes sharing a database and Redis: an event raised in one reaches a
WebSocket client connected to the other."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
from websockets.asyncio.client import ClientConnection, connect

from tests.hub.realtime.conftest import REDIS_URL
from tests.hub.zoomed import signed
from zoomstack.config import HubSettings
from zoomstack.hub.bootstrap import ensure_demo_user
from zoomstack.hub.state import open_hub

START_SECONDS = 60.0
API_KEY = "zsk_live_two_process_test_key"
SECRET = "two-process-secret"


@dataclass(frozen=True)
class HubProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def ws(self) -> str:
        return self.url.replace("http://", "ws://") + f"/ws?token={API_KEY}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def hub_values(tmp_path: Path, channel: str) -> dict[str, str]:
    return {
        "db": f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        "data_dir": str(tmp_path / "data"),
        "zoom_api_url": "",
        "realtime_url": REDIS_URL,
        "realtime_channel": channel,
        "webhook_secret_token": SECRET,
        "demo_user": "true",
        "demo_api_key": API_KEY,
        "sync_interval_seconds": "0",
        "password_time_cost": "1",
        "password_memory_kib": "1024",
        "log_level": "warning",
    }


async def prepare(values: dict[str, str]) -> dict[str, str]:
    """Migrate the database and make the demo user once, so both processes can start at
    the same time; the environment they read their settings from."""
    settings = HubSettings(**values)  # type: ignore[arg-type]
    hub = await open_hub(settings)
    try:
        async with hub.db.sessions() as session:
            await ensure_demo_user(session, passwords=hub.passwords, settings=settings)
    finally:
        await hub.close()
    return {**os.environ, **{f"ZOOMSTACK_HUB_{k.upper()}": v for k, v in values.items()}}


@contextmanager
def hub_process(env: dict[str, str], log: Path) -> Iterator[HubProcess]:
    """A hub started in its own process (ready once `wait_healthy` says so)."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "zoomstack.hub.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield HubProcess(f"http://127.0.0.1:{port}", process, log)
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_healthy(hub: HubProcess) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"the hub process exited:\n{hub.log.read_text()}")
        try:
            if httpx.get(f"{hub.url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the hub process did not start:\n{hub.log.read_text()}")


async def next_event(socket: ClientConnection, within: float = 15.0) -> dict[str, Any]:
    raw = await asyncio.wait_for(socket.recv(), within)
    message: dict[str, Any] = orjson.loads(raw)
    return message


async def test_an_event_raised_in_one_process_reaches_a_client_of_the_other(
    tmp_path: Path,
) -> None:
    env = await prepare(hub_values(tmp_path, f"zoomstack:test:live:{uuid.uuid4().hex}"))
    with ExitStack() as stack:
        first = stack.enter_context(hub_process(env, tmp_path / "first.log"))
        second = stack.enter_context(hub_process(env, tmp_path / "second.log"))
        for started in (first, second):
            wait_healthy(started)
        async with connect(second.ws) as there, connect(first.ws) as here:
            for socket_ in (there, here):
                assert (await next_event(socket_))["type"] == "ready"
            obj = {"id": 81234567890, "uuid": "inst-1==", "host_id": "zoomhost", "topic": "Sync"}
            body = {"event": "meeting.started", "event_ts": 1, "payload": {"object": obj}}
            raw, headers = signed(body, secret=SECRET)
            async with httpx.AsyncClient(base_url=first.url) as http:
                answer = await http.post("/webhooks/zoom", content=raw, headers=headers)
            assert answer.status_code == 200, answer.text

            for socket_ in (there, here):
                event = await next_event(socket_)
                assert event["event"] == "meeting.started"
                meeting = event["data"]["meeting"]
                assert (meeting["id"], meeting["status"]) == (81234567890, "started")
