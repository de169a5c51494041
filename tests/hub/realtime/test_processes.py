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

START_SECONDS = 60.0
API_KEY = "zsk_live_two_process_test_key"
SECRET = "two-process-secret"


@dataclass(frozen=True)
class HubProcess:
    url: str
    process: subprocess.Popen[bytes]

    @property
    def ws(self) -> str:
        return self.url.replace("http://", "ws://") + f"/ws?token={API_KEY}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def hub_env(tmp_path: Path, channel: str) -> dict[str, str]:
    settings = {
        "DB": f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        "DATA_DIR": str(tmp_path / "data"),
        "ZOOM_API_URL": "",
        "REALTIME_URL": REDIS_URL,
        "REALTIME_CHANNEL": channel,
        "WEBHOOK_SECRET_TOKEN": SECRET,
        "DEMO_USER": "true",
        "DEMO_API_KEY": API_KEY,
        "SYNC_INTERVAL_SECONDS": "0",
        "PASSWORD_TIME_COST": "1",
        "PASSWORD_MEMORY_KIB": "1024",
        "LOG_LEVEL": "warning",
    }
    return {**os.environ, **{f"ZOOMSTACK_HUB_{k}": v for k, v in settings.items()}}


@contextmanager
def hub_process(env: dict[str, str], log: Path) -> Iterator[HubProcess]:
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "zoomstack.hub.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            running = HubProcess(f"http://127.0.0.1:{port}", process)
            wait_healthy(running, log)
            yield running
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_healthy(hub: HubProcess, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"the hub process exited:\n{log.read_text()}")
        try:
            if httpx.get(f"{hub.url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the hub process did not start:\n{log.read_text()}")


async def next_event(socket: ClientConnection, within: float = 15.0) -> dict[str, Any]:
    raw = await asyncio.wait_for(socket.recv(), within)
    message: dict[str, Any] = orjson.loads(raw)
    return message


async def test_an_event_raised_in_one_process_reaches_a_client_of_the_other(
    tmp_path: Path,
) -> None:
    env = hub_env(tmp_path, f"zoomstack:test:live:{uuid.uuid4().hex}")
    with ExitStack() as stack:
        first = stack.enter_context(hub_process(env, tmp_path / "first.log"))
        second = stack.enter_context(hub_process(env, tmp_path / "second.log"))
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
