"""HTTP benchmark of the emulator's hot reads against a bare ASGI app, on loopback.

    .venv/bin/python bench/emulator_http.py [--json] [--quick]

Serves, each in its own uvicorn process with the options `zoomstack emulator` uses
(one worker): a bare ASGI app answering a constant JSON (the baseline), the emulator
on a SQLite store of 1,000 meetings, and the emulator on a store of 1,000,000
(100,000 with --quick). Then it measures, in interleaved rounds, requests per second
and p50/p99 latency of

    bare      GET /                                   constant JSON
    get       GET /v2/meetings/{id}                   1k store
    list      GET /v2/users/me/meetings?page_size=30  1k store
    list_big  the same list                           1M store

and reports get and list as ratios to bare measured in the same run (targets: get
>= 0.5, list >= 0.3), and the big store's list against the small one's (target:
<= 1.5, i.e. at most 1.5x slower). Load comes from wrk when it is installed
(`apt-get install wrk`), else from a Python asyncio client; the output names which.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from load import LoadResult, PythonLoad, Wrk, load_generator
from seeding import Seeded, seed_meetings
from servers import Server, bare_server, emulator_server
from zoomstack.config import EmulatorSettings

SMALL = 1_000
TARGETS = {"get_ratio": 0.5, "list_ratio": 0.3}
SCALE_LIMIT = 1.5


@dataclass(frozen=True, slots=True)
class Plan:
    big: int
    seconds: float
    rounds: int
    connections: int
    max_requests: int

    @property
    def big_label(self) -> str:
        return f"{self.big // 1_000_000}m" if self.big % 1_000_000 == 0 else f"{self.big // 1000}k"


@dataclass(frozen=True, slots=True)
class Figures:
    rps: float
    p50_ms: float
    p99_ms: float
    failures: int


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Plan]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures")
    parser.add_argument("--quick", action="store_true", help="short runs, 100k big store")
    parser.add_argument("--big", type=int, help="meetings in the big store")
    parser.add_argument("--seconds", type=float, help="length of each measured run")
    parser.add_argument("--rounds", type=int, help="interleaved rounds; medians are reported")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--load", choices=["wrk", "python"], default="wrk")
    args = parser.parse_args(argv)
    plan = Plan(
        big=args.big or (100_000 if args.quick else 1_000_000),
        seconds=args.seconds or (2.0 if args.quick else 6.0),
        rounds=args.rounds or (1 if args.quick else 3),
        connections=args.connections,
        max_requests=1_000_000,
    )
    return args, plan


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def token(server: Server) -> str:
    settings = EmulatorSettings()
    answer = httpx.post(
        server.base_url + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": settings.account_id},
        auth=(settings.client_id, settings.client_secret.get_secret_value()),
    )
    answer.raise_for_status()
    value: str = answer.json()["access_token"]
    return value


def check(url: str, headers: dict[str, str], expect_total: int | None = None) -> None:
    """One request before the load: the endpoint answers 200 with what was seeded."""
    answer = httpx.get(url, headers=headers)
    answer.raise_for_status()
    if expect_total is not None:
        body = answer.json()
        assert body["total_records"] == expect_total, body["total_records"]
        assert len(body["meetings"]) == 30, len(body["meetings"])


def endpoints(
    bare: Server, small: Server, big: Server, small_seed: Seeded, big_seed: Seeded
) -> dict[str, tuple[str, dict[str, str]]]:
    small_auth = {"Authorization": f"Bearer {token(small)}"}
    big_auth = {"Authorization": f"Bearer {token(big)}"}
    listing = "/v2/users/me/meetings?page_size=30"
    found = {
        "bare": (bare.base_url + "/", {}),
        "get": (f"{small.base_url}/v2/meetings/{small_seed.sample_meeting_id}", small_auth),
        "list": (small.base_url + listing, small_auth),
        "list_big": (big.base_url + listing, big_auth),
    }
    check(*found["get"])
    check(*found["list"], expect_total=small_seed.meetings)
    check(*found["list_big"], expect_total=big_seed.meetings)
    return found


def measure(
    gen: Wrk | PythonLoad, targets: dict[str, tuple[str, dict[str, str]]], plan: Plan
) -> dict[str, Figures]:
    runs: dict[str, list[LoadResult]] = {name: [] for name in targets}
    for url, headers in targets.values():
        gen.run(url, headers, 1.0)  # warm-up: caches, connections, JIT-free but cold pages
    for round_no in range(1, plan.rounds + 1):
        for name, (url, headers) in targets.items():
            result = gen.run(url, headers, plan.seconds)
            runs[name].append(result)
            log(f"  round {round_no} {name:9} {result.rps:9.0f} req/s  p50 {result.p50_ms:.2f} ms")
    return {
        name: Figures(
            rps=statistics.median(r.rps for r in results),
            p50_ms=statistics.median(r.p50_ms for r in results),
            p99_ms=statistics.median(r.p99_ms for r in results),
            failures=sum(r.failures for r in results),
        )
        for name, results in runs.items()
    }


def summarise(
    measured: dict[str, Figures], plan: Plan, gen_name: str, big_seed: Seeded
) -> dict[str, object]:
    """The figures, named with their units; ratios are shares of bare (or slowdowns)."""
    bare, big = measured["bare"], f"list_{plan.big_label}"
    out: dict[str, object] = {
        "load_generator": gen_name,
        "connections": plan.connections,
        "seconds_per_run": plan.seconds,
        "rounds": plan.rounds,
        "small_meetings": SMALL,
        "big_meetings": plan.big,
        "seed_big_s": round(big_seed.seconds, 1),
    }
    for name, fig in measured.items():
        label = big if name == "list_big" else name
        out |= {
            f"{label}_rps": round(fig.rps),
            f"{label}_p50_ms": round(fig.p50_ms, 3),
            f"{label}_p99_ms": round(fig.p99_ms, 3),
        }
    for name in ("get", "list"):
        fig = measured[name]
        out[f"{name}_ratio"] = round(fig.rps / bare.rps, 3)
        out[f"{name}_p50_ratio"] = round(bare.p50_ms / fig.p50_ms, 3)
        out[f"{name}_p99_ratio"] = round(bare.p99_ms / fig.p99_ms, 3)
    small, large = measured["list"], measured["list_big"]
    out[f"{big}_vs_1k_ratio"] = round(small.rps / large.rps, 3)
    out[f"{big}_vs_1k_p50_ratio"] = round(large.p50_ms / small.p50_ms, 3)
    out[f"{big}_vs_1k_p99_ratio"] = round(large.p99_ms / small.p99_ms, 3)
    out["failures"] = sum(fig.failures for fig in measured.values())
    out["targets_met"] = targets_met(out, big)
    return out


def targets_met(out: dict[str, object], big: str) -> bool:
    shares = all(float(str(out[key])) >= floor for key, floor in TARGETS.items())
    return shares and float(str(out[f"{big}_vs_1k_ratio"])) <= SCALE_LIMIT and out["failures"] == 0


def table(out: dict[str, object], plan: Plan) -> str:
    big = f"list_{plan.big_label}"
    rows = [
        ("bare ASGI", "bare", "", ""),
        ("GET /v2/meetings/{id}", "get", f"{out['get_ratio']}", ">= 0.5"),
        ("list, 1k meetings", "list", f"{out['list_ratio']}", ">= 0.3"),
        (f"list, {plan.big_label} meetings", big, f"{out[f'{big}_vs_1k_ratio']}x 1k", "<= 1.5x"),
    ]
    lines = [
        f"load: {out['load_generator']}, {plan.connections} connections, "
        f"{plan.rounds} x {plan.seconds:g}s per endpoint (medians); one uvicorn worker each",
        f"{'endpoint':28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>10} {'target':>8}",
    ]
    for title, key, ratio, target in rows:
        lines.append(
            f"{title:28} {out[f'{key}_rps']:>8} {out[f'{key}_p50_ms']:>8} "
            f"{out[f'{key}_p99_ms']:>8} {ratio:>10} {target:>8}"
        )
    lines.append(
        f"failures: {out['failures']}   big store seeded in {out['seed_big_s']}s   "
        f"targets met: {'yes' if out['targets_met'] else 'NO'}"
    )
    return "\n".join(lines)


def run(plan: Plan, prefer: str, tmp: Path) -> tuple[dict[str, Figures], str, Seeded]:
    small_url = f"sqlite:///{tmp / 'small.sqlite3'}"
    big_url = f"sqlite:///{tmp / 'big.sqlite3'}"
    log(f"seeding {SMALL:,} and {plan.big:,} meetings ...")
    small_seed = asyncio.run(seed_meetings(small_url, SMALL))
    big_seed = asyncio.run(seed_meetings(big_url, plan.big))
    log(f"  big store seeded in {big_seed.seconds:.1f}s")
    gen = load_generator(plan.connections, plan.max_requests, prefer)
    bare, small, big = bare_server(), emulator_server(small_url), emulator_server(big_url)
    servers = (bare, small, big)
    try:
        bare.start("/")
        small.start("/_emulator/health")
        big.start("/_emulator/health")
        targets = endpoints(bare, small, big, small_seed, big_seed)
        log(f"measuring with {gen.name} ...")
        return measure(gen, targets, plan), gen.name, big_seed
    finally:
        for server in servers:
            server.stop()
        gen.close()


def main(argv: list[str] | None = None) -> int:
    args, plan = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zoomstack-bench-") as tmp:
        measured, gen_name, big_seed = run(plan, args.load, Path(tmp))
    out = summarise(measured, plan, gen_name, big_seed)
    print(json.dumps(out) if args.json else table(out, plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())
