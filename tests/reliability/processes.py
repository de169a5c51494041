"""The emulator and the hub as users run them, in their own processes, killed for real.

`Served` starts `zoomstack emulator` or `zoomstack hub` on a free loopback port and
can `kill()` it with SIGKILL (no shutdown code runs: what is on disk is what a power
cut leaves) and `start()` it again on the same store.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from zoomstack.config import EmulatorSettings

START_TIMEOUT = 60.0
EMULATOR = EmulatorSettings()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without ZOOMSTACK_* settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOMSTACK_")}
    return {**env, **extra}


class Served:
    """One server process (its command fixed), on a port kept across restarts."""

    def __init__(self, command: list[str], env: dict[str, str], ready: str, log: Path) -> None:
        self.port = free_port()
        self.command = [sys.executable, "-m", "zoomstack.cli", *command, "--port", str(self.port)]
        self.env = env
        self.ready = ready
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    def start(self) -> Served:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.command} exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + self.ready, timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{self.command} did not answer within {START_TIMEOUT:.0f}s")

    def kill(self) -> None:
        """SIGKILL: no lifespan shutdown, no flush, no goodbye."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def emulator(db: str, log: Path) -> Served:
    return Served(["emulator", "--db", db], clean_env(), "/_emulator/health", log)


def hub_settings(zoom_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """A hub on the emulator at `zoom_url` through its S2S app; the demo user (and its
    known API key) owns what is synced; no periodic sync, no transcription, cheap hashes."""
    return {
        "data_dir": str(data_dir),
        "zoom_api_url": f"{zoom_url}/v2",
        "zoom_required": "false",
        "zoom_account_id": EMULATOR.account_id,
        "zoom_client_id": EMULATOR.client_id,
        "zoom_client_secret": EMULATOR.client_secret.get_secret_value(),
        "demo_user": "true",
        "sync_user": "demo@zoomstack.local",
        "sync_interval_seconds": "0",
        "transcribe_on_store": "false",
        "password_time_cost": "1",
        "password_memory_kib": "1024",
        **extra,
    }


def hub(settings: dict[str, str], log: Path, *args: str) -> Served:
    """`zoomstack hub [args]` with ZOOMSTACK_HUB_<NAME> set from `settings`."""
    env = clean_env(**{f"ZOOMSTACK_HUB_{k.upper()}": v for k, v in settings.items()})
    return Served(["hub", *args], env, "/health", log)


def s2s_headers(base: str) -> dict[str, str]:
    answer = httpx.post(
        f"{base}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": EMULATOR.account_id},
        auth=(EMULATOR.client_id, EMULATOR.client_secret.get_secret_value()),
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}
