"""The emulator as users run it: `zoomstack emulator` in its own process(es), on a real port.

State lives in the store, so it survives a restart, and several workers behind one
port share it (SQLite file or PostgreSQL). The CLI hands its settings to the worker
processes through the environment; the strict auth mode below checks they got them.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from zoomstack.cli import app
from zoomstack.config import EmulatorSettings
from zoomstack.emulator.store import open_store

from ..conftest import store_urls

DEFAULTS = EmulatorSettings()
START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def emulator_process(db: str, *args: str) -> Iterator[str]:
    """`zoomstack emulator` on a free loopback port; yields its base URL, stops it after."""
    port = _free_port()
    cmd = [sys.executable, "-m", "zoomstack.cli", "emulator", "--port", str(port), "--db", db]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOMSTACK_EMULATOR_")}
    process = subprocess.Popen([*cmd, *args], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, base)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(process: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the emulator exited with {process.returncode}"
        try:
            if httpx.get(f"{base}/_emulator/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the emulator did not answer within {START_TIMEOUT:.0f}s")


def _token(base: str) -> dict[str, str]:
    response = httpx.post(
        f"{base}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": DEFAULTS.account_id},
        auth=(DEFAULTS.client_id, DEFAULTS.client_secret.get_secret_value()),
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store for the server to open: a new SQLite file or a wiped database."""
    url = store_urls(tmp_path)[request.param]

    async def wipe() -> None:
        store = await open_store(url)
        await store.reset()
        await store.close()

    asyncio.run(wipe())
    return url


def test_state_survives_a_restart(db: str) -> None:
    with emulator_process(db) as base:
        auth = _token(base)
        created = httpx.post(f"{base}/v2/users/me/meetings", headers=auth, json={"topic": "Kept"})
        assert created.status_code == 201, created.text
    meeting = created.json()
    with emulator_process(db) as later:
        # The token issued before the restart still works: it is in the store too.
        read = httpx.get(f"{later}/v2/meetings/{meeting['id']}", headers=auth)
    assert read.status_code == 200, read.text
    # Served on another port now, its links begin with the new address; all else is kept.
    assert read.json()["join_url"].startswith(f"{later}/j/{meeting['id']}")
    moved = json.loads(json.dumps(meeting).replace(f'"{base}/', f'"{later}/'))
    assert read.json() == moved


def test_workers_share_one_store(db: str) -> None:
    with emulator_process(db, "--workers", "2", "--auth-mode", "strict") as base:
        auth = _token(base)
        created = httpx.post(f"{base}/v2/users/me/meetings", headers=auth, json={"topic": "Shared"})
        assert created.status_code == 201, created.text
        meeting = created.json()
        seen = _read_back_until_both_workers_answer(base, auth, meeting)
        assert len(seen) == 2
        # Both got the CLI's settings: strict mode refuses a token it did not issue.
        assert set(seen.values()) == {"strict"}
        # Then a burst of concurrent writes, spread over both workers: no 5xx, none lost.
        statuses = asyncio.run(_burst(base, auth, writers=8, each=10))
        assert statuses == [201] * 80
        listed = httpx.get(f"{base}/v2/users/me/meetings", headers=auth, params={"page_size": 1})
    assert listed.json()["total_records"] == 81


def _read_back_until_both_workers_answer(
    base: str, auth: dict[str, str], meeting: dict[str, object]
) -> dict[int, str]:
    """New connections until two worker pids were seen, each reading the meeting back.

    The second worker may still be starting when the first answers: keep trying a while.
    """
    seen: dict[int, str] = {}
    deadline = time.monotonic() + START_TIMEOUT
    while len(seen) < 2 and time.monotonic() < deadline:
        with httpx.Client(base_url=base) as client:  # a new connection each time
            read = client.get(f"/v2/meetings/{meeting['id']}", headers=auth)
            assert read.status_code == 200, read.text
            assert read.json() == meeting
            bogus = {"Authorization": "Bearer not-issued"}
            assert client.get(f"/v2/meetings/{meeting['id']}", headers=bogus).status_code == 401
            health = client.get("/_emulator/health").json()
            seen[health["pid"]] = health["auth_mode"]
        time.sleep(0.02)
    return seen


async def _burst(base: str, auth: dict[str, str], *, writers: int, each: int) -> list[int]:
    async def writer(n: int) -> list[int]:
        # Separate clients, so connections spread over both workers.
        async with httpx.AsyncClient(base_url=base, headers=auth, timeout=30) as client:
            return [
                (
                    await client.post("/v2/users/me/meetings", json={"topic": f"w{n}-{i}"})
                ).status_code
                for i in range(each)
            ]

    results = await asyncio.gather(*(writer(n) for n in range(writers)))
    return [status for statuses in results for status in statuses]


def test_several_workers_refuse_an_in_memory_store() -> None:
    result = CliRunner().invoke(
        app, ["emulator", "--workers", "2", "--db", "sqlite:///:memory:", "--port", "0"]
    )
    assert result.exit_code == 2
    assert "in-memory store" in result.output
