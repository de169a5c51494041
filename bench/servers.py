"""Server processes for the benchmark: the emulator and the bare baseline, same options."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from zoomstack.cli import SERVER_OPTIONS

BENCH_DIR = Path(__file__).resolve().parent
EMULATOR_APP = "zoomstack.emulator.app:create_app"
BARE_APP = "bare_app:app"


def uvicorn_flags(options: dict[str, Any]) -> list[str]:
    """uvicorn's command-line flags for the keyword options `zoomstack emulator` passes."""
    flags: list[str] = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            flags.append(flag if value else flag.replace("--", "--no-", 1))
        else:
            flags += [flag, str(value)]
    return flags


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """One uvicorn process on a free loopback port; a context manager that stops it."""

    def __init__(self, target: str, *, factory: bool = False, env: dict[str, str] | None = None):
        self.target = target
        self.factory = factory
        self.env = {**os.environ, **(env or {})}
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "uvicorn", self.target, "--app-dir", str(BENCH_DIR)]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port), *uvicorn_flags(SERVER_OPTIONS)]
        return [*cmd, "--factory"] if self.factory else cmd

    def start(self, ready_path: str, timeout: float = 60.0) -> None:
        self.process = subprocess.Popen(self.command(), env=self.env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.target} exited with {self.process.returncode}")
            try:
                if httpx.get(self.base_url + ready_path, timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.target} did not answer {ready_path} within {timeout:.0f}s")

    def cpu_seconds(self) -> float | None:
        """CPU time the server process has used so far (Linux /proc), None elsewhere."""
        if self.process is None:
            return None
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        # utime and stime, the 14th and 15th fields, counted from after the command name.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def emulator_server(db_url: str) -> Server:
    return Server(EMULATOR_APP, factory=True, env={"ZOOMSTACK_EMULATOR_DB": db_url})


def bare_server() -> Server:
    return Server(BARE_APP)
