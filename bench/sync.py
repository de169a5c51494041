"""Cloud sync throughput and memory: a large recording from a real emulator into storage.

An emulator runs as its own uvicorn process on loopback. For each size, in each of a
few rounds, one meeting is simulated whose MP4 has exactly that many bytes; then:

- baseline: a plain streamed download of the MP4 (httpx, to a file on disk);
- sync: `zoomstack sync --json` as a child process (hub on SQLite, local storage),
  which lists the account and fetches the new files (the MP4, plus a few small ones);
  its RSS is sampled while it runs.

The ratio is sync MB/s over baseline MB/s (target >= 0.7), reported for the round
with the median ratio, beside every round's; peak RSS, the highest of all rounds,
should not grow with the file (target < 150 MB). Never part of `make test`.

    python bench/sync.py [--sizes-mb 100,1000] [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from zoomstack.config import EmulatorSettings

MB = 1_000_000
OWNER = "bench@zoomstack.local"
SAMPLE_SECONDS = 0.02


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class EmulatorProcess:
    """`zoomstack emulator` on a free loopback port, with its own SQLite file."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "ZOOMSTACK_EMULATOR_PUBLIC_URL": self.url}
        command = [sys.executable, "-m", "zoomstack.cli", "emulator", "--port", str(self.port)]
        command += ["--db", f"sqlite:///{folder / 'emulator.sqlite3'}", "--data-dir", str(folder)]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the emulator exited")
            try:
                if httpx.get(f"{self.url}/_emulator/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the emulator did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def token(emulator: EmulatorProcess, settings: EmulatorSettings) -> str:
    answer = httpx.post(
        f"{emulator.url}/oauth/token",
        data={"grant_type": "account_credentials", "account_id": settings.account_id},
        auth=(settings.client_id, settings.client_secret.get_secret_value()),
    )
    answer.raise_for_status()
    value: str = answer.json()["access_token"]
    return value


def recorded_mp4(emulator: EmulatorProcess, bearer: str, size: int) -> dict[str, Any]:
    """A meeting that just happened, whose MP4 is `size` bytes; its MP4 file object."""
    headers = {"authorization": f"Bearer {bearer}"}
    meeting = {"topic": f"Benchmark {size // MB} MB", "type": 2, "duration": 30}
    made = httpx.post(f"{emulator.url}/v2/users/me/meetings", json=meeting, headers=headers)
    made.raise_for_status()
    body = {"duration": 1, "participants": 2, "seed": size % 997, "file_sizes": {"MP4": size}}
    ran = httpx.post(
        f"{emulator.url}/_emulator/meetings/{made.json()['id']}/simulate",
        json=body, headers=headers, timeout=60,
    )  # fmt: skip
    ran.raise_for_status()
    files = ran.json()["recording"]["recording_files"]
    mp4: dict[str, Any] = next(f for f in files if f["file_type"] == "MP4")
    return mp4


def plain_download(url: str, bearer: str, dest: Path) -> float:
    """Seconds to stream `url` to `dest` with httpx, the way a script would."""
    began = time.perf_counter()
    with (
        httpx.stream("GET", url, params={"access_token": bearer}, timeout=60) as response,
        dest.open("wb") as file,
    ):
        response.raise_for_status()
        for chunk in response.iter_bytes():
            file.write(chunk)
    seconds = time.perf_counter() - began
    dest.unlink()
    return seconds


class PeakRss:
    """Samples a process's resident memory until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(SAMPLE_SECONDS)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def hub_env(folder: Path, emulator: EmulatorProcess, settings: EmulatorSettings) -> dict[str, str]:
    values = {
        "DATA_DIR": str(folder / "hub"),
        "ZOOM_API_URL": f"{emulator.url}/v2",
        "ZOOM_ACCOUNT_ID": settings.account_id,
        "ZOOM_CLIENT_ID": settings.client_id,
        "ZOOM_CLIENT_SECRET": settings.client_secret.get_secret_value(),
        "SYNC_USER": OWNER,
        "LOG_LEVEL": "warning",
        # A file that fails is not retried here: retries would wait and blur the timing.
        "SYNC_MAX_ATTEMPTS": "1",
    }
    return {**os.environ, **{f"ZOOMSTACK_HUB_{k}": v for k, v in values.items()}}


def make_owner(env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "zoomstack.cli", "hub-user", "create", OWNER]
    command += ["--password", "bench-password-1234"]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def run_sync(env: dict[str, str]) -> tuple[dict[str, Any], int]:
    """`zoomstack sync --json` in a child process: its report and its peak RSS."""
    command = [sys.executable, "-m", "zoomstack.cli", "sync", "--json"]
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    meter = PeakRss(child.pid)
    out, _ = child.communicate(timeout=600)
    peak = meter.stop()
    if child.returncode not in (0, 1):  # 1: some file failed; the report says which
        raise RuntimeError(f"zoomstack sync exited {child.returncode}: {out}")
    report: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return report, peak


def measure(sizes: list[int], rounds: int) -> dict[str, Any]:
    settings = EmulatorSettings()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="zoomstack-bench-sync-") as tmp:
        folder = Path(tmp)
        emulator = EmulatorProcess(folder)
        try:
            emulator.wait_ready()
            env = hub_env(folder, emulator, settings)
            make_owner(env)
            bearer = token(emulator, settings)
            for size in sizes:
                runs = [_one_size(emulator, bearer, env, size, folder) for _ in range(rounds)]
                figures[f"{size // MB}mb"] = _median_round(runs)
        finally:
            emulator.stop()
    return figures


def _one_size(
    emulator: EmulatorProcess, bearer: str, env: dict[str, str], size: int, folder: Path
) -> dict[str, Any]:
    mp4 = recorded_mp4(emulator, bearer, size)
    baseline_s = plain_download(mp4["download_url"], bearer, folder / "plain.mp4")
    report, peak = run_sync(env)
    failed = {f["file"]: f["reason"] for f in report["failed"]}
    assert report["status"] == "done" and mp4["id"] not in failed, report
    baseline = size / MB / baseline_s
    synced = report["bytes"] / MB / report["seconds"]
    return {
        "file_mb": size / MB,
        "baseline_mb_s": round(baseline, 1),
        "sync_mb_s": round(synced, 1),
        "sync_ratio": round(synced / baseline, 3),
        "peak_rss_mb": round(peak / MB, 1),
        "files_synced": report["stored"],
        "files_failed": len(failed),
        "failures": list(failed.values()),
        "sync_seconds": report["seconds"],
    }


def _median_round(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The round with the median ratio, with every round's ratio and the highest peak
    RSS of all (the machine's noise moves the one; the other must hold in every round)."""
    ordered = sorted(runs, key=lambda run: run["sync_ratio"])
    median = dict(ordered[(len(ordered) - 1) // 2])
    median["round_ratios"] = [run["sync_ratio"] for run in runs]
    median["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    median["files_failed"] = sum(run["files_failed"] for run in runs)
    median["failures"] = [reason for run in runs for reason in run["failures"]]
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", default="100,1000", help="MP4 sizes in MB, comma-separated")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds per size; the median ratio is reported"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    sizes = [int(float(part) * MB) for part in args.sizes_mb.split(",")]
    figures = measure(sizes, max(args.rounds, 1))
    largest = figures[f"{sizes[-1] // MB}mb"]
    summary = {
        "sync_ratio": largest["sync_ratio"],
        "peak_rss_mb": max(f["peak_rss_mb"] for f in figures.values()),
        "sizes": figures,
    }
    if args.json:
        print(json.dumps(summary))
        return
    print(f"{'MP4 MB':>8} {'plain MB/s':>11} {'sync MB/s':>10} {'ratio':>6} {'peak RSS MB':>12}"
          "  ratio of each round")  # fmt: skip
    for row in figures.values():
        each = ", ".join(f"{ratio:.2f}" for ratio in row["round_ratios"])
        print(
            f"{row['file_mb']:>8.0f} {row['baseline_mb_s']:>11.1f} {row['sync_mb_s']:>10.1f} "
            f"{row['sync_ratio']:>6.2f} {row['peak_rss_mb']:>12.1f}  {each}"
        )
    for name, row in figures.items():
        if row["files_failed"]:
            print(f"{name}: {row['files_failed']} small file(s) failed, see --json")
    print(f"sync_ratio {summary['sync_ratio']} (target >= 0.7); "
          f"peak_rss_mb {summary['peak_rss_mb']} (target < 150, flat across sizes)")  # fmt: skip


if __name__ == "__main__":
    main()
