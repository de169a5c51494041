"""The long fuzzing run: schemathesis against the emulator's and the hub's own OpenAPI.

    .venv/bin/python bench/fuzz.py [--json] [--examples N] [--steps S] [--seed S]

Every operation of each app's /openapi.json, every schemathesis phase: the documents'
examples, the coverage phase (boundary values, wrong types, missing and extra fields,
unexpected methods), N random examples per operation, and stateful sequences of up to
S steps along the links schemathesis infers. The hub runs wired to an in-process
emulator, signed in with the demo user's API key. The harness is the tests' own
(tests/reliability/fuzzing.py); `make test` runs it on a small budget.

Figures per app: operations, cases (by phase), answers 5xx, failures of each check,
Zoom deviations tolerated (where Zoom's answers differ from its own files), seconds.
Exit status 1 when any 5xx or check failure was found.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.reliability.fuzzing

from tests.reliability.fuzzing import (
    SCHEMA,
    SERVER_ERROR,
    STATUS,
    FuzzReport,
    emulator_app,
    hub_app,
    run_fuzz,
)


def fuzz(target: str, examples: int, steps: int, seed: int) -> tuple[FuzzReport, float]:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"zoomstack-fuzz-{target}-") as tmp:
        if target == "emulator":
            report = run_fuzz(
                "emulator", emulator_app(Path(tmp)), headers={"Authorization": "Bearer fuzz"},
                max_examples=examples, checks=[SERVER_ERROR, SCHEMA], seed=seed, steps=steps,
            )  # fmt: skip
        else:
            app, headers = hub_app(Path(tmp))
            report = run_fuzz(
                "hub", app, headers=headers, max_examples=examples,
                checks=[SERVER_ERROR, SCHEMA, STATUS], seed=seed, steps=steps,
            )  # fmt: skip
    return report, time.monotonic() - started


def figures(reports: list[tuple[FuzzReport, float]], examples: int, steps: int) -> dict[str, Any]:
    out: dict[str, Any] = {"max_examples": examples, "stateful_max_steps": steps}
    for report, seconds in reports:
        out |= report.figures()
        out[f"{report.target}_server_exceptions"] = len(report.server_errors)
        out[f"{report.target}_seconds"] = round(seconds, 1)
        for phase, cases in sorted(report.phases.items()):
            out[f"{report.target}_{phase}_cases"] = cases
    out["cases_total"] = sum(report.cases for report, _ in reports)
    out["problems_total"] = sum(
        report.responses_5xx + len(report.server_errors) + sum(map(len, report.failures.values()))
        for report, _ in reports
    )
    return out


def table(reports: list[tuple[FuzzReport, float]], out: dict[str, Any]) -> str:
    lines = [
        f"schemathesis, every phase, {out['max_examples']} examples per operation, stateful "
        f"runs of up to {out['stateful_max_steps']} steps",
        f"{'app':9} {'ops':>4} {'cases':>7} {'5xx':>4} {'schema':>7} {'status':>7} "
        f"{'Zoom deviations':>16} {'seconds':>8}",
    ]
    for report, seconds in reports:
        name = report.target
        lines.append(
            f"{name:9} {report.operations:>4} {report.cases:>7} {report.responses_5xx:>4} "
            f"{out[f'{name}_schema_failures']:>7} {out[f'{name}_status_failures']:>7} "
            f"{out[f'{name}_tolerated_zoom_deviations']:>16} {seconds:>8.0f}"
        )
    lines.append(f"cases: {out['cases_total']}; problems found: {out['problems_total']}")
    for report, _ in reports:
        if report.responses_5xx or report.failures or report.server_errors:
            lines.append(report.describe())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures")
    parser.add_argument("--examples", type=int, default=25, help="random examples per operation")
    parser.add_argument("--steps", type=int, default=50, help="most steps of a stateful run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", choices=["emulator", "hub"])
    args = parser.parse_args(argv)
    targets = [args.only] if args.only else ["emulator", "hub"]
    reports = []
    for target in targets:
        print(f"fuzzing the {target} ...", file=sys.stderr, flush=True)
        reports.append(fuzz(target, args.examples, args.steps, args.seed))
    out = figures(reports, args.examples, args.steps)
    print(json.dumps(out) if args.json else table(reports, out))
    return 1 if out["problems_total"] else 0


if __name__ == "__main__":
    sys.exit(main())
