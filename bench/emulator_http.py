"""HTTP benchmark of the emulator's hot reads against a bare ASGI app, on loopback.

    .venv/bin/python bench/emulator_http.py [--json] [--quick]

Serves, each in its own uvicorn process with the options `zoomstack emulator` uses
(one worker): a bare ASGI app answering a constant JSON (the baseline), the emulator
on a SQLite store of 1,000 meetings, and the emulator on a store of 1,000,000
(100,000 with --quick). Then it measures, in interleaved rounds,

    bare      GET /                                   constant JSON
    get       GET /v2/meetings/{id}                   1k store
    list      GET /v2/users/me/meetings?page_size=30  1k store
    list_big  the same list                           1M store

Figures per endpoint: requests per second, p50/p99 latency, and the server's CPU
time per request (from /proc; robust when other processes share the machine, which
throughput is not). get and list are reported as shares of bare (targets: get >= 0.5,
list >= 0.3) and the big store's list as a slowdown over the small one's (target:
<= 1.5). Each ratio is taken within a round, between runs a few seconds apart, and the
median over rounds is reported. Load comes from wrk when it is installed (`apt-get
install wrk`), else from a Python asyncio client; the output names which.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from loadgen import LoadResult, PythonLoad, Wrk, load_generator
from seeding import Seeded, seed_meetings
from servers import Server, bare_server, emulator_server
from zoomstack.config import EmulatorSettings

SMALL = 1_000
SHARE_TARGETS = {"get": 0.5, "list": 0.3}
SCALE_LIMIT = 1.5
LISTING = "/v2/users/me/meetings?page_size=30"
PYTHON_LOAD_NOTE = (
    "the Python load generator tops out below the bare app, which flatters the req/s and "
    "latency ratios; the CPU ratios still compare the servers (install wrk for the rest)"
)


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
class Target:
    url: str
    headers: dict[str, str]
    server: Server


@dataclass(frozen=True, slots=True)
class Run:
    load: LoadResult
    cpu_us: float | None  # server CPU time per request


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Plan]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
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
        seconds=args.seconds or (2.0 if args.quick else 4.0),
        rounds=args.rounds or (2 if args.quick else 5),
        connections=args.connections,
        max_requests=1_000_000,
    )
    return args, plan


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bearer(server: Server) -> dict[str, str]:
    settings = EmulatorSettings()
    answer = httpx.post(
        server.base_url + "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": settings.account_id},
        auth=(settings.client_id, settings.client_secret.get_secret_value()),
    )
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def check(target: Target, expect_total: int | None = None) -> None:
    """One request before the load: the endpoint answers 200 with what was seeded."""
    answer = httpx.get(target.url, headers=target.headers)
    answer.raise_for_status()
    if expect_total is not None:
        body = answer.json()
        assert body["total_records"] == expect_total, body["total_records"]
        assert len(body["meetings"]) == 30, len(body["meetings"])


def targets(
    bare: Server, small: Server, big: Server, small_seed: Seeded, big_seed: Seeded
) -> dict[str, Target]:
    small_auth, big_auth = bearer(small), bearer(big)
    found = {
        "bare": Target(bare.base_url + "/", {}, bare),
        "get": Target(
            f"{small.base_url}/v2/meetings/{small_seed.sample_meeting_id}", small_auth, small
        ),
        "list": Target(small.base_url + LISTING, small_auth, small),
        "list_big": Target(big.base_url + LISTING, big_auth, big),
    }
    check(found["get"])
    check(found["list"], expect_total=small_seed.meetings)
    check(found["list_big"], expect_total=big_seed.meetings)
    return found


def run_once(gen: Wrk | PythonLoad, target: Target, seconds: float) -> Run:
    before = target.server.cpu_seconds()
    load = gen.run(target.url, target.headers, seconds)
    after = target.server.cpu_seconds()
    cpu = None
    if before is not None and after is not None and load.requests:
        cpu = (after - before) / load.requests * 1e6
    return Run(load, cpu)


def measure(gen: Wrk | PythonLoad, found: dict[str, Target], plan: Plan) -> list[dict[str, Run]]:
    for target in found.values():
        gen.run(target.url, target.headers, 1.0)  # warm-up: connections, caches
    rounds = []
    for number in range(1, plan.rounds + 1):
        runs = {name: run_once(gen, target, plan.seconds) for name, target in found.items()}
        for name, run in runs.items():
            cpu = f"{run.cpu_us:6.1f} us CPU/req" if run.cpu_us is not None else ""
            log(
                f"  round {number} {name:9} {run.load.rps:8.0f} req/s  p50 {run.load.p50_ms:.2f} ms  {cpu}"
            )
        rounds.append(runs)
    return rounds


def _median(rounds: list[dict[str, Run]], value: Callable[[dict[str, Run]], float | None]) -> float:
    values = [v for v in (value(runs) for runs in rounds) if v is not None]
    return statistics.median(values) if values else float("nan")


def _pick(rounds: list[dict[str, Run]], name: str, value: Callable[[Run], float | None]) -> float:
    return _median(rounds, lambda runs: value(runs[name]))


def _cpu(run: Run) -> float | None:
    return run.cpu_us


def summarise(
    rounds: list[dict[str, Run]], plan: Plan, gen: str, seeded: Seeded
) -> dict[str, object]:
    """The figures, named with their units; ratios are per-round medians."""
    big = f"list_{plan.big_label}"
    out: dict[str, object] = {
        "load_generator": gen,
        "connections": plan.connections,
        "seconds_per_run": plan.seconds,
        "rounds": plan.rounds,
        "small_meetings": SMALL,
        "big_meetings": plan.big,
        "seed_big_s": round(seeded.seconds, 1),
    }
    for name in rounds[0]:
        label = big if name == "list_big" else name
        out[f"{label}_rps"] = round(_pick(rounds, name, lambda run: run.load.rps))
        out[f"{label}_p50_ms"] = round(_pick(rounds, name, lambda run: run.load.p50_ms), 3)
        out[f"{label}_p99_ms"] = round(_pick(rounds, name, lambda run: run.load.p99_ms), 3)
        out[f"{label}_cpu_us"] = round(_pick(rounds, name, _cpu), 1)
    for name in SHARE_TARGETS:
        out |= _ratios(rounds, name, "bare", name, share=True)
    out |= _ratios(rounds, "list_big", "list", f"{big}_vs_1k", share=False)
    out["failures"] = sum(run.load.failures for runs in rounds for run in runs.values())
    out["targets_met"] = targets_met(out, big)
    if gen == PythonLoad.name:
        out["note"] = PYTHON_LOAD_NOTE
    return out


def _ratios(
    rounds: list[dict[str, Run]], name: str, base: str, label: str, *, share: bool
) -> dict[str, float]:
    """`share`: name's speed as a share of base's (1.0 = as fast); else name's slowdown."""

    def ratio(fast: float | None, slow: float | None) -> float | None:
        return fast / slow if fast and slow else None

    first, second = (base, name) if share else (name, base)
    return {
        f"{label}_ratio": round(
            _median(rounds, lambda r: ratio(r[second].load.rps, r[first].load.rps)), 3
        ),
        f"{label}_p50_ratio": round(
            _median(rounds, lambda r: ratio(r[first].load.p50_ms, r[second].load.p50_ms)), 3
        ),
        f"{label}_p99_ratio": round(
            _median(rounds, lambda r: ratio(r[first].load.p99_ms, r[second].load.p99_ms)), 3
        ),
        f"{label}_cpu_ratio": round(
            _median(rounds, lambda r: ratio(_cpu(r[first]), _cpu(r[second]))), 3
        ),
    }


def targets_met(out: dict[str, object], big: str) -> bool:
    shares = all(float(str(out[f"{n}_ratio"])) >= floor for n, floor in SHARE_TARGETS.items())
    scale = float(str(out[f"{big}_vs_1k_ratio"])) <= SCALE_LIMIT
    return shares and scale and out["failures"] == 0


def table(out: dict[str, object], plan: Plan) -> str:
    big = f"list_{plan.big_label}"
    rows = [
        ("bare ASGI", "bare", None, ""),
        ("GET /v2/meetings/{id}", "get", "get", ">= 0.5"),
        ("list, 1k meetings", "list", "list", ">= 0.3"),
        (f"list, {plan.big_label} meetings", big, f"{big}_vs_1k", "<= 1.5"),
    ]
    lines = [
        f"load: {out['load_generator']}, {plan.connections} connections, {plan.rounds} rounds"
        f" x {plan.seconds:g}s per endpoint; one uvicorn worker per server; medians",
        "ratios: get/list as a share of bare (1.0 = as fast), the big list as a slowdown of the 1k one",
        f"{'endpoint':24} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU us':>7}"
        f" {'ratio':>6} {'p50':>6} {'p99':>6} {'CPU':>6} {'target':>7}",
    ]
    for title, key, ratio, target in rows:
        cells = [f"{out[f'{key}_{unit}']:>7}" for unit in ("rps", "p50_ms", "p99_ms", "cpu_us")]
        shares = [
            "" if ratio is None else out[f"{ratio}_{kind}"]
            for kind in ("ratio", "p50_ratio", "p99_ratio", "cpu_ratio")
        ]
        lines.append(
            f"{title:24} {' '.join(cells)} {' '.join(f'{s:>6}' for s in shares)} {target:>7}"
        )
    lines.append(
        f"failures: {out['failures']}   big store seeded in {out['seed_big_s']}s   "
        f"targets met (req/s ratios): {'yes' if out['targets_met'] else 'NO'}"
    )
    if "note" in out:
        lines.append(f"note: {out['note']}")
    return "\n".join(lines)


def run(plan: Plan, prefer: str, tmp: Path) -> tuple[list[dict[str, Run]], str, Seeded]:
    small_url = f"sqlite:///{tmp / 'small.sqlite3'}"
    big_url = f"sqlite:///{tmp / 'big.sqlite3'}"
    log(f"seeding {SMALL:,} and {plan.big:,} meetings ...")
    small_seed = asyncio.run(seed_meetings(small_url, SMALL))
    big_seed = asyncio.run(seed_meetings(big_url, plan.big))
    log(f"  big store seeded in {big_seed.seconds:.1f}s")
    gen = load_generator(plan.connections, plan.max_requests, prefer)
    bare, small, big = bare_server(), emulator_server(small_url), emulator_server(big_url)
    try:
        bare.start("/")
        small.start("/_emulator/health")
        big.start("/_emulator/health")
        found = targets(bare, small, big, small_seed, big_seed)
        log(f"measuring with {gen.name} ...")
        return measure(gen, found, plan), gen.name, big_seed
    finally:
        for server in (bare, small, big):
            server.stop()
        gen.close()


def main(argv: list[str] | None = None) -> int:
    args, plan = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zoomstack-bench-") as tmp:
        rounds, gen_name, big_seed = run(plan, args.load, Path(tmp))
    out = summarise(rounds, plan, gen_name, big_seed)
    print(json.dumps(out) if args.json else table(out, plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())
