"""Startup time of `zoomstack up` with the default demo data, against the hub alone.

Each run starts from a fresh data dir, as a new user's first `make run` does:

- baseline: `zoomstack hub` on an empty database, until its dashboard answers;
- up: `zoomstack up` (seeding the default demo data, both servers, the demo user, the
  webhook subscription), until it prints that it is up and its dashboard answers.

The ratio is up's median over the hub's (target <= 3). With `--first-sync` it also
waits for the first sync (upcoming meetings, recent recordings, their summaries) and
reports its seconds apart: that sync runs in the background while the dashboard
already answers. Stopping (Ctrl-C, SIGINT) is timed too. Never part of `make test`.

    python bench/startup.py [--runs 3] [--first-sync] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ZOOMSTACK = str(Path(sys.executable).with_name("zoomstack"))
TIMEOUT_SECONDS = 120.0
SYNC_TIMEOUT_SECONDS = 900.0
POLL_SECONDS = 0.02


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Child:
    """A command whose stderr lines are collected as they come."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "120"}
        self.process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    def said(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))

    def stop(self) -> float:
        """SIGINT (Ctrl-C), then the seconds until it exited."""
        began = time.perf_counter()
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return time.perf_counter() - began


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(ready: Callable[[], bool], child: Child, timeout: float) -> float:
    began = time.perf_counter()
    while not ready():
        if child.process.poll() is not None:
            raise RuntimeError("".join(child.lines[-20:]) or "the command exited")
        if time.perf_counter() - began > timeout:
            raise TimeoutError(f"not ready after {timeout:.0f} s")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - began


def hub_alone(folder: Path) -> dict[str, float]:
    port = free_port()
    child = Child([ZOOMSTACK, "hub", "--data-dir", str(folder), "--port", str(port)], folder)
    dashboard = f"http://127.0.0.1:{port}/app/login"
    ready = wait_until(lambda: answers(dashboard), child, TIMEOUT_SECONDS)
    return {"ready_s": ready, "stop_s": child.stop()}


def whole_stack(folder: Path, first_sync: bool) -> dict[str, float]:
    emulator_port, hub_port = free_port(), free_port()
    args = [ZOOMSTACK, "up", "--data-dir", str(folder / "data")]
    args += ["--port", str(emulator_port), "--hub-port", str(hub_port)]
    child = Child(args, folder)
    dashboard = f"http://127.0.0.1:{hub_port}/app/login"
    ready = wait_until(
        lambda: child.said("zoomstack is up") and answers(dashboard), child, TIMEOUT_SECONDS
    )
    result = {"ready_s": ready}
    if first_sync:
        more = wait_until(lambda: child.said("first sync done"), child, SYNC_TIMEOUT_SECONDS)
        result["first_sync_s"] = ready + more
    result["stop_s"] = child.stop()
    return result


def measure(runs: int, first_sync: bool) -> dict[str, Any]:
    hub, up = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="zs-startup-") as work:
            hub.append(hub_alone(Path(work)))
        with tempfile.TemporaryDirectory(prefix="zs-startup-") as work:
            up.append(whole_stack(Path(work), first_sync))
    hub_s = statistics.median(r["ready_s"] for r in hub)
    up_s = statistics.median(r["ready_s"] for r in up)
    figures: dict[str, Any] = {
        "hub_alone_s": round(hub_s, 3),
        "up_s": round(up_s, 3),
        "startup_ratio": round(up_s / hub_s, 3),
        "up_stop_s": round(statistics.median(r["stop_s"] for r in up), 3),
        "runs": runs,
    }
    if first_sync:
        figures["first_sync_s"] = round(statistics.median(r["first_sync_s"] for r in up), 3)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--first-sync", action="store_true", help="also time the first sync")
    parser.add_argument("--json", action="store_true", help="one JSON object of the figures")
    options = parser.parse_args()
    figures = measure(options.runs, options.first_sync)
    if options.json:
        print(json.dumps(figures))
        return 0
    print(f"{'what':<44}{'seconds':>10}")
    print(f"{'hub alone, empty database, until dashboard':<44}{figures['hub_alone_s']:>10.2f}")
    print(f"{'zoomstack up, demo data, until the dashboard':<44}{figures['up_s']:>10.2f}")
    if "first_sync_s" in figures:
        print(f"{'  ... until the first sync is done':<44}{figures['first_sync_s']:>10.2f}")
    print(f"{'zoomstack up, stopping on Ctrl-C':<44}{figures['up_stop_s']:>10.2f}")
    print(
        f"startup ratio (up / hub alone, median of {figures['runs']}): {figures['startup_ratio']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
