"""The long fuzzing run: schemathesis against the emulator's and the hub's own OpenAPI.

    .venv/bin/python bench/fuzz.py [--json] [--examples N] [--steps S] [--seed S]
        [--only emulator|zoom|hub] [--zoom-examples N]

Every operation of each app's /openapi.json, every schemathesis phase: the documents'
examples, the coverage phase (boundary values, wrong types, missing and extra fields,
unexpected methods), N random examples per operation, and stateful sequences of up to
S steps along the links schemathesis infers. The hub runs wired to an in-process
emulator, signed in with the demo user's API key. The harness is the tests' own
(tests/reliability/fuzzing.py); `make test` runs it on a small budget.

The emulator's own document lists the operations it implements by hand; `zoom` fuzzes
it against each of Zoom's files instead (every operation of every family, the generic
ones included), a fresh store per family, without the coverage phase and with
--zoom-examples random examples per operation (1,035 operations: the budget stays
near the others').

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

from zoomstack.emulator.spec import families

TARGETS = ["emulator", "zoom", "hub"]


def fuzz_zoom_files(examples: int, steps: int, seed: int) -> FuzzReport:
    """The emulator against every family's Zoom file, one fresh store each."""
    report = FuzzReport("zoom")
    for family in families():
        print(f"  {family} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix=f"zoomstack-fuzz-{family}-") as tmp:
            report.add(
                run_fuzz(
                    f"zoom-{family}", emulator_app(Path(tmp)),
                    headers={"Authorization": "Bearer fuzz"}, max_examples=examples,
                    checks=[SERVER_ERROR, SCHEMA], seed=seed, steps=steps, coverage=False,
                    family=family,
                )
            )  # fmt: skip
    return report


def fuzz(target: str, examples: int, steps: int, seed: int) -> tuple[FuzzReport, float]:
    started = time.monotonic()
    if target == "zoom":
        return fuzz_zoom_files(examples, steps, seed), time.monotonic() - started
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


def figures(
    reports: list[tuple[FuzzReport, float]], examples: int, steps: int, zoom_examples: int
) -> dict[str, Any]:
    out: dict[str, Any] = {"max_examples": examples, "stateful_max_steps": steps}
    out["zoom_max_examples"] = zoom_examples
    for report, seconds in reports:
        out |= report.figures()
        out[f"{report.target}_server_exceptions"] = len(report.server_errors)
        out[f"{report.target}_operations_not_generated"] = len(report.engine_errors)
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
        f"runs of up to {out['stateful_max_steps']} steps (zoom: Zoom's files, no coverage "
        f"phase, {out['zoom_max_examples']} examples per operation)",
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
        elif report.engine_errors:  # operations schemathesis could not make cases for
            lines += [f"{report.target} engine: {line}" for line in report.engine_errors]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures")
    parser.add_argument("--examples", type=int, default=25, help="random examples per operation")
    parser.add_argument("--steps", type=int, default=50, help="most steps of a stateful run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--zoom-examples", type=int, default=3, help="examples per Zoom operation")
    parser.add_argument("--only", choices=TARGETS)
    args = parser.parse_args(argv)
    targets = [args.only] if args.only else TARGETS
    reports = []
    for target in targets:
        print(f"fuzzing the {target} ...", file=sys.stderr, flush=True)
        examples = args.zoom_examples if target == "zoom" else args.examples
        reports.append(fuzz(target, examples, args.steps, args.seed))
    out = figures(reports, args.examples, args.steps, args.zoom_examples)
    if args.json:  # the figures on stdout, what was found on stderr
        for report, _ in reports:
            if report.responses_5xx or report.failures or report.server_errors:
                print(report.describe(), file=sys.stderr)
        print(json.dumps(out))
    else:
        print(table(reports, out))
    return 1 if out["problems_total"] else 0


if __name__ == "__main__":
    sys.exit(main())
