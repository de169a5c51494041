"""Memory over a soak: the emulator and the hub under steady load for five minutes.

    .venv/bin/python bench/soak.py [--json] [--seconds S] [--connections C]   (make soak)

Starts both servers as bench/load.py does (two workers each), then keeps C keep-alive
connections busy on each for S seconds (300 by default) with wrk, cycling through their
main reads and, on the emulator, a PATCH of one meeting. The resident memory of each
server (every process of it) is sampled every few seconds. Growth is measured from the
end of the warm-up (the first fifth of the run: caches, pools and lazily built tables
fill up there) to the end; the target is under 10%. The first sample (as the load
began) is printed too. Any non-2xx answer or socket error counts as an error; the
target is none.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.reliability.processes

from load import Endpoint, endpoints, fill_hub, start_emulator, start_hub

GROWTH_TARGET_PCT = 10.0
SAMPLE_EVERY = 5.0

# Cycles through the requests it is given; `done` prints wrk's counts as one JSON line.
CYCLE_SCRIPT = """
local requests = {REQUESTS}
local i = 0
request = function()
  i = i % #requests + 1
  local r = requests[i]
  return wrk.format(r[1], r[2], r[4], r[3])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p99_us": %d, "max_us": %d, "non2xx": %d, '
    .. '"socket_errors": %d, "timeouts": %d}\\n',
    summary.requests, summary.duration, latency:percentile(99), latency.max, e.status,
    e.connect + e.read + e.write, e.timeout))
end
"""
# A slow answer is not a lost one: wrk's own 2 s would count it as an error.
WRK_TIMEOUT = "30s"


@dataclass
class Server:
    name: str
    pid: int
    samples: list[tuple[float, float]] = field(default_factory=list)  # (seconds, MB)

    def sample(self, at: float) -> None:
        process = psutil.Process(self.pid)
        tree = [process, *process.children(recursive=True)]
        total = 0
        for member in tree:
            try:
                total += member.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        self.samples.append((at, total / 2**20))

    def growth(self, warmup: float) -> tuple[float, float, float]:
        """(MB at the end of the warm-up, MB at the end, growth in %)."""
        settled = [mb for at, mb in self.samples if warmup - 3 * SAMPLE_EVERY <= at <= warmup]
        base = statistics.median(settled or [self.samples[0][1]])
        end = statistics.median(mb for _, mb in self.samples[-3:])
        return base, end, (end - base) / base * 100


def lua_requests(targets: list[Endpoint], patch: tuple[str, str] | None) -> str:
    def entry(method: str, path: str, body: str | None, headers: dict[str, str]) -> str:
        pairs = ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())
        body_lua = f"'{body}'" if body else "nil"
        return f'{{"{method}", "{path}", {body_lua}, {{{pairs}}}}}'

    items = []
    for target in targets:
        path = "/" + target.url.split("/", 3)[3]
        items.append(entry("GET", path, None, target.headers))
    if patch:
        path, auth = patch
        headers = {"Authorization": auth, "Content-Type": "application/json"}
        items.append(entry("PATCH", path, '{"agenda": "soak"}', headers))
    return "{" + ", ".join(items) + "}"


def start_wrk(
    base: str, requests: str, connections: int, seconds: float, tmp: Path, name: str
) -> subprocess.Popen[str]:
    script = tmp / f"{name}.lua"
    script.write_text(CYCLE_SCRIPT.replace("{REQUESTS}", requests))
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("bench/soak.py needs wrk on PATH (apt-get install wrk)")
    command = [binary, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", WRK_TIMEOUT]
    command += ["-s", str(script), base]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wrk_counts(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = process.communicate()
    line = next((ln for ln in out.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {out[-500:]}")
    counts: dict[str, Any] = json.loads(line.removeprefix("WRKJSON "))
    return counts


def soak(seconds: float, connections: int, tmp: Path) -> dict[str, Any]:
    zoom = start_emulator(tmp, 2)
    hub = None
    try:
        hub = start_hub(tmp, zoom, 2)
        targets = endpoints(zoom, hub, *fill_hub(hub.url))
        by_server = {
            "emulator": [t for t in targets if t.name.startswith("emulator")],
            "hub": [t for t in targets if t.name.startswith("hub")],
        }
        meeting = by_server["emulator"][0]
        patch = ("/" + meeting.url.split("/", 3)[3], meeting.headers["Authorization"])
        servers = {"emulator": Server("emulator", zoom.pid), "hub": Server("hub", hub.pid)}
        print(
            f"soaking for {seconds:g}s, {connections} connections per server ...", file=sys.stderr
        )
        loads = {
            "emulator": start_wrk(zoom.url, lua_requests(by_server["emulator"], patch), connections, seconds, tmp, "emulator"),
            "hub": start_wrk(hub.url, lua_requests(by_server["hub"], None), connections, seconds, tmp, "hub"),
        }  # fmt: skip
        began = time.monotonic()
        while any(load.poll() is None for load in loads.values()):
            for server in servers.values():
                server.sample(time.monotonic() - began)
            time.sleep(SAMPLE_EVERY)
        counts = {name: wrk_counts(load) for name, load in loads.items()}
    finally:
        for server in (hub, zoom):
            if server is not None:
                server.stop()
    return figures(servers, counts, seconds, connections)


def figures(
    servers: dict[str, Server], counts: dict[str, dict[str, Any]], seconds: float, connections: int
) -> dict[str, Any]:
    warmup = seconds / 5
    out: dict[str, Any] = {
        "seconds": seconds,
        "connections_per_server": connections,
        "warmup_s": warmup,
    }
    for name, server in servers.items():
        base, end, growth = server.growth(warmup)
        done = counts[name]
        out[f"{name}_requests"] = done["requests"]
        out[f"{name}_rps"] = round(done["requests"] / (done["duration_us"] / 1e6))
        out[f"{name}_errors"] = done["non2xx"] + done["socket_errors"] + done["timeouts"]
        out[f"{name}_p99_ms"] = round(done["p99_us"] / 1e3, 1)
        out[f"{name}_max_ms"] = round(done["max_us"] / 1e3, 1)
        out[f"{name}_rss_start_mb"] = round(base, 1)
        out[f"{name}_rss_end_mb"] = round(end, 1)
        out[f"{name}_rss_growth_pct"] = round(growth, 2)
        out[f"{name}_rss_peak_mb"] = round(max(mb for _, mb in server.samples), 1)
        out[f"{name}_rss_first_mb"] = round(server.samples[0][1], 1)  # as the load began
    out["targets_met"] = all(
        out[f"{name}_errors"] == 0 and out[f"{name}_rss_growth_pct"] < GROWTH_TARGET_PCT
        for name in servers
    )
    return out


def table(out: dict[str, Any]) -> str:
    lines = [
        f"soak: {out['seconds']:g}s, {out['connections_per_server']} connections per server; "
        f"memory from the end of the warm-up ({out['warmup_s']:g}s) to the end",
        f"{'server':9} {'requests':>9} {'req/s':>7} {'errors':>7} {'p99 ms':>7} {'max ms':>7} "
        f"{'RSS first':>10} {'RSS start':>10} {'RSS end':>8} {'growth':>8} {'peak':>7}",
    ]
    for name in ("emulator", "hub"):
        lines.append(
            f"{name:9} {out[f'{name}_requests']:>9} {out[f'{name}_rps']:>7} {out[f'{name}_errors']:>7} "
            f"{out[f'{name}_p99_ms']:>7} {out[f'{name}_max_ms']:>7} "
            f"{out[f'{name}_rss_first_mb']:>8}MB {out[f'{name}_rss_start_mb']:>8}MB {out[f'{name}_rss_end_mb']:>6}MB "
            f"{out[f'{name}_rss_growth_pct']:>7}% {out[f'{name}_rss_peak_mb']:>5}MB"
        )
    met = "yes" if out["targets_met"] else "NO"
    lines.append(f"targets (no errors, growth < {GROWTH_TARGET_PCT:g}%): {met}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures")
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zoomstack-soak-") as tmp:
        out = soak(args.seconds, args.connections, Path(tmp))
    print(json.dumps(out) if args.json else table(out))
    return 0 if out["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
