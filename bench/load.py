"""Saturation throughput at zero errors: the emulator's hot reads on several workers and
the hub's main reads, on loopback.

    .venv/bin/python bench/load.py [--json] [--quick] [--workers N] [--seconds S]

Starts `zoomstack emulator --workers N` on a SQLite store of 1,000 meetings and
`zoomstack hub --workers N` connected to it, whose demo user holds 60 recordings and
20 meetings. Each endpoint is then loaded (wrk when installed, else the asyncio client
of loadgen.py; closed loop, keep-alive) at a rising number of connections, S seconds
per step. Its figure is the highest rate of a step with no error (a non-2xx answer, a
socket error, or no answer within 30 s) and, where errors appear, the step they appear
at; a run with any error at any step says so. Rates are of this machine, shared with whatever else runs
on it: read them as ratios, not targets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.reliability.processes

from tests.reliability.processes import Served, clean_env, hub, hub_settings, s2s_headers

from loadgen import LoadResult, Wrk, load_generator
from seeding import seed_meetings
from zoomstack.emulator.vtt import Cue, write_vtt

STEPS = (1, 4, 16, 64)
QUICK_STEPS = (1, 8, 32)
DEMO_KEY = {"X-API-Key": "zsk_demo_zoomstack_local_api_key"}


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    url: str
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Saturation:
    endpoint: str
    steps: list[tuple[int, LoadResult]]

    @property
    def best(self) -> tuple[int, LoadResult] | None:
        clean = [(c, r) for c, r in self.steps if r.failures == 0]
        return max(clean, key=lambda step: step[1].rps) if clean else None

    @property
    def errors(self) -> int:
        return sum(result.failures for _, result in self.steps)

    @property
    def first_error_at(self) -> int | None:
        return next((c for c, r in self.steps if r.failures), None)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def start_emulator(tmp: Path, workers: int) -> Served:
    url = f"sqlite:///{tmp / 'emulator.sqlite3'}"
    seeded = asyncio.run(seed_meetings(url, 1_000))
    log(f"emulator store: {seeded.meetings} meetings")
    command = ["emulator", "--db", url, "--workers", str(workers)]
    return Served(command, clean_env(), "/_emulator/health", tmp / "emulator.log").start()


def start_hub(tmp: Path, zoom: Served, workers: int) -> Served:
    settings = hub_settings(zoom.url, tmp / "hub", db=f"sqlite:///{tmp / 'hub.sqlite3'}")
    return hub(settings, tmp / "hub.log", "--workers", str(workers)).start()


def fill_hub(base: str) -> tuple[str, str]:
    """60 transcripts uploaded, 20 meetings made through Zoom: a recording id, a meeting id."""
    vtt = write_vtt(
        [Cue(0, 2, "Alice Smith", "We ship on Friday."), Cue(2, 4, "Bob Jones", "Agreed.")]
    )
    with httpx.Client(base_url=base, headers=DEMO_KEY, timeout=60) as http:
        for n in range(60):
            files = {"file": (f"notes-{n}.vtt", vtt.encode(), "text/vtt")}
            made = http.post("/upload/recording", files=files, data={"meeting_id": str(8400 + n)})
            made.raise_for_status()
        for n in range(20):
            body = {"topic": f"Review {n}", "start_time": "2030-01-02T15:00:00Z", "duration": 30}
            http.post("/api/meetings", json=body).raise_for_status()
        recording = http.get("/recordings", params={"page_size": 1}).json()["recordings"][0]
        meeting = http.get("/api/meetings", params={"page_size": 1}).json()["meetings"][0]
    return recording["recording_id"], str(meeting["id"])


def endpoints(zoom: Served, hub: Served, recording_id: str, meeting_id: str) -> list[Endpoint]:
    emulator_auth = s2s_headers(zoom.url)
    first_meeting = httpx.get(
        f"{zoom.url}/v2/users/me/meetings", params={"page_size": 1}, headers=emulator_auth
    ).json()["meetings"][0]["id"]
    found = [
        Endpoint("emulator_get_meeting", f"{zoom.url}/v2/meetings/{first_meeting}", emulator_auth),
        Endpoint("emulator_list_meetings", f"{zoom.url}/v2/users/me/meetings?page_size=30", emulator_auth),
        Endpoint("emulator_get_user", f"{zoom.url}/v2/users/me", emulator_auth),
        Endpoint("hub_list_recordings", f"{hub.url}/recordings?page_size=30", DEMO_KEY),
        Endpoint("hub_get_recording", f"{hub.url}/recordings/{recording_id}", DEMO_KEY),
        Endpoint("hub_list_meetings", f"{hub.url}/api/meetings?page_size=30", DEMO_KEY),
        Endpoint("hub_get_meeting", f"{hub.url}/api/meetings/{meeting_id}", DEMO_KEY),
    ]  # fmt: skip
    for endpoint in found:  # each answers before it is loaded
        httpx.get(endpoint.url, headers=endpoint.headers).raise_for_status()
    return found


def saturate(endpoint: Endpoint, steps: tuple[int, ...], seconds: float, prefer: str) -> Saturation:
    measured = []
    for connections in steps:
        generator = load_generator(connections, max_requests=10_000_000, prefer=prefer)
        try:
            result = generator.run(endpoint.url, endpoint.headers, seconds)
        finally:
            generator.close()
        log(
            f"  {endpoint.name:24} {connections:3} conns {result.rps:8.0f} req/s  failures "
            f"{result.failures} (non-2xx {result.non2xx}, over 30 s {result.timeouts})"
        )
        measured.append((connections, result))
    return Saturation(endpoint.name, measured)


def figures(found: list[Saturation], workers: int, generator: str) -> dict[str, Any]:
    out: dict[str, Any] = {"workers": workers, "load_generator": generator}
    for saturation in found:
        best = saturation.best
        out[f"{saturation.endpoint}_rps_at_zero_errors"] = round(best[1].rps) if best else 0
        out[f"{saturation.endpoint}_connections"] = best[0] if best else 0
        out[f"{saturation.endpoint}_p99_ms"] = round(best[1].p99_ms, 2) if best else None
        out[f"{saturation.endpoint}_errors"] = saturation.errors
    out["errors_total"] = sum(s.errors for s in found)
    return out


def table(found: list[Saturation], out: dict[str, Any]) -> str:
    lines = [
        f"load: {out['load_generator']}, {out['workers']} workers per server; the best step "
        "with zero errors (non-2xx, socket, none in 30 s) per endpoint",
        f"{'endpoint':26} {'req/s':>8} {'conns':>6} {'p99 ms':>7} {'errors':>7} {'first error at':>15}",
    ]
    for saturation in found:
        name = saturation.endpoint
        first = saturation.first_error_at
        lines.append(
            f"{name:26} {out[f'{name}_rps_at_zero_errors']:>8} {out[f'{name}_connections']:>6} "
            f"{out[f'{name}_p99_ms']!s:>7} {saturation.errors:>7} "
            f"{(str(first) + ' conns') if first else '-':>15}"
        )
    lines.append(f"errors over every step: {out['errors_total']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures")
    parser.add_argument("--quick", action="store_true", help="fewer, shorter steps")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--load", choices=["wrk", "python"], default="wrk")
    args = parser.parse_args(argv)
    steps = QUICK_STEPS if args.quick else STEPS
    seconds = args.seconds or (2.0 if args.quick else 5.0)
    with tempfile.TemporaryDirectory(prefix="zoomstack-load-") as tmp:
        zoom = start_emulator(Path(tmp), args.workers)
        hub_server = None
        try:
            hub_server = start_hub(Path(tmp), zoom, args.workers)
            targets = endpoints(zoom, hub_server, *fill_hub(hub_server.url))
            log(f"loading {len(targets)} endpoints, {len(steps)} steps of {seconds:g}s ...")
            found = [saturate(t, steps, seconds, args.load) for t in targets]
        finally:
            for server in (hub_server, zoom):
                if server is not None:
                    server.stop()
    name = "wrk" if isinstance(load_generator(1, 1, args.load), Wrk) else "python-asyncio"
    out = figures(found, args.workers, name)
    print(json.dumps(out) if args.json else table(found, out))
    return 1 if out["errors_total"] else 0


if __name__ == "__main__":
    sys.exit(main())
