"""Schemathesis against the emulator's and the hub's own OpenAPI documents, in process.

Both apps are called through schemathesis' ASGI transport (no sockets) with every
phase it has: the examples in the document, its coverage cases (boundaries, wrong
types, missing fields), random fuzzing, and stateful sequences along the links it
infers (an id a POST answered used by the GET, PATCH and DELETE that take it).

Three checks count: no 5xx (`not_a_server_error`), every answer in the schema its
document gives for that status (`response_schema_conformance`), and, for the hub,
whose document FastAPI writes from the routes, no status the document does not list
(`status_code_conformance`; Zoom's files list only some of the statuses Zoom sends,
so the emulator is held to the first two). `Recorder` wraps the app and counts what
it answered, so an exception that reached the transport still counts as a 500.

The emulator's own document lists the operations it implements by hand; the other
Zoom operations (answered by the spec-driven mechanism of `emulator/generic/`) are in
Zoom's files only. `run_fuzz(..., family=F)` fuzzes the emulator against Zoom's file of
family F instead, every operation of it.

`run_fuzz` is shared by the bounded tests (tests/reliability/test_fuzz.py) and the
long runs (bench/fuzz.py).
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
import traceback
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from fastapi import FastAPI
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema
from schemathesis.engine.recorder import ScenarioRecorder
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zoomstack.config import EmulatorSettings, HubSettings
from zoomstack.emulator import spec
from zoomstack.emulator.app import create_app as create_emulator
from zoomstack.hub.app import create_app as create_hub

EMULATOR_BASE = "http://emulator.test"
SERVER_ERROR = "not_a_server_error"
SCHEMA = "response_schema_conformance"
STATUS = "status_code_conformance"

# Where Zoom's answers differ from Zoom's own files, the emulator follows Zoom (DESIGN.md);
# a failure that says one of these (every part of a tuple) is that difference, not a bug.
ZOOM_BEYOND_ITS_SPEC: dict[str | tuple[str, ...], str] = {
    "'TIMELINE' is not one of": "Zoom sends TIMELINE files; its file_type enum omits them",
    '"TIMELINE" is not one of': "Zoom sends TIMELINE files; its file_type enum omits them",
    "is valid under more than one of the schemas listed in the 'oneOf'": (
        "Zoom's oneOf alternatives overlap (every field optional), so its answers match several"
    ),
    ("/properties/complete_time", "is not valid under any of the schemas listed in the 'anyOf'"): (
        "Zoom's archive complete_time is a date-time string whose anyOf allows an object or an "
        "empty string only: no value fits, and Zoom sends a date-time"
    ),
}


@dataclass
class FuzzReport:
    """What one run did and found."""

    target: str
    operations: int = 0
    cases: int = 0
    phases: Counter[str] = field(default_factory=Counter)  # cases per phase
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)  # from the app's side
    failures: dict[str, list[str]] = field(default_factory=dict)  # check -> "operation: why"
    tolerated: Counter[str] = field(default_factory=Counter)  # ZOOM_BEYOND_ITS_SPEC hits
    engine_errors: list[str] = field(default_factory=list)

    @property
    def responses_5xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def add(self, other: FuzzReport) -> None:
        """Count another run (one Zoom file of several) as part of this one."""
        self.operations += other.operations
        self.cases += other.cases
        self.phases.update(other.phases)
        self.statuses.update(other.statuses)
        self.server_errors += other.server_errors
        for check, found in other.failures.items():
            self.failures.setdefault(check, []).extend(found)
        self.tolerated.update(other.tolerated)
        self.engine_errors += other.engine_errors

    def failed(self, check: str) -> list[str]:
        return self.failures.get(check, [])

    def describe(self) -> str:
        lines = [
            f"{self.target}: {self.cases} cases over {self.operations} operations "
            f"({dict(self.phases)}), "
            f"{self.responses_5xx} answers 5xx, statuses {dict(sorted(self.statuses.items()))}"
        ]
        lines += [f"  server error: {line}" for line in dict.fromkeys(self.server_errors)]
        for check, found in sorted(self.failures.items()):
            lines += [f"  {check}: {line}" for line in dict.fromkeys(found)]
        lines += [f"  engine: {line}" for line in self.engine_errors]
        return "\n".join(lines)

    def figures(self) -> dict[str, Any]:
        return {
            f"{self.target}_operations": self.operations,
            f"{self.target}_stateful_cases": self.phases["stateful"],
            f"{self.target}_cases": self.cases,
            f"{self.target}_5xx": self.responses_5xx,
            f"{self.target}_schema_failures": len(self.failed(SCHEMA)),
            f"{self.target}_status_failures": len(self.failed(STATUS)),
            f"{self.target}_tolerated_zoom_deviations": sum(self.tolerated.values()),
        }


class Recorder:
    """The app, with every status it answers counted and every exception it raises kept.

    Starlette answers an unexpected exception with a 500 and then raises it again for
    the server to log; in process that reaches the client. Here it is recorded and the
    500 already sent stands, as it would over a socket.
    """

    def __init__(self, app: ASGIApp, report: FuzzReport) -> None:
        self.app = app
        self.report = report

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def counted(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                self.report.statuses[message["status"]] += 1
            await send(message)

        try:
            await self.app(scope, receive, counted)
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.report.server_errors.append(
                f"{scope['method']} {scope['path']}: {type(exc).__name__}: {exc}"[:300]
                + f" ({Path(where.filename).name}:{where.lineno})"
            )
            if not started:
                raise


def emulator_settings(tmp: Path) -> EmulatorSettings:
    """A fresh SQLite store; lenient auth, so the fuzzer's bearer acts as the owner."""
    return EmulatorSettings(
        db=f"sqlite:///{tmp / 'emulator.sqlite3'}", data_dir=tmp, public_url=EMULATOR_BASE
    )


def emulator_app(tmp: Path) -> ASGIApp:
    return create_emulator(emulator_settings(tmp))


def hub_settings(tmp: Path, emulator: EmulatorSettings) -> HubSettings:
    watched = tmp / "watched"
    watched.mkdir(parents=True, exist_ok=True)
    return HubSettings(
        db=f"sqlite:///{tmp / 'hub.sqlite3'}",
        data_dir=tmp / "hub",
        public_url="http://testserver",
        zoom_api_url=f"{EMULATOR_BASE}/v2",
        zoom_required=False,
        zoom_account_id=emulator.account_id,
        zoom_client_id=emulator.client_id,
        zoom_client_secret=emulator.client_secret,
        webhook_secret_token="fuzz-webhook-secret",
        redis_url="",
        demo_user=True,
        sync_user="demo@zoomstack.local",
        sync_interval_seconds=0,
        password_time_cost=1,
        password_memory_kib=1024,
        watch_path=watched,
        max_upload_bytes=1 << 20,
    )


def hub_app(tmp: Path) -> tuple[FastAPI, dict[str, str]]:
    """A fresh hub wired to a fresh in-process emulator, and the demo user's API key header.

    The emulator's lifespan runs inside the hub's, so one ASGI app is all the fuzzer sees.
    """
    zoom = emulator_settings(tmp)
    emulator = create_emulator(zoom)
    settings = hub_settings(tmp, zoom)
    hub = create_hub(
        settings, zoom_transport=httpx.ASGITransport(app=emulator), log_stream=io.StringIO()
    )
    own = hub.router.lifespan_context

    @contextlib.asynccontextmanager
    async def both(app: FastAPI) -> AsyncIterator[None]:
        async with emulator.router.lifespan_context(emulator), own(app):
            yield

    hub.router.lifespan_context = both
    return hub, {"X-API-Key": settings.demo_api_key.get_secret_value()}


def config(
    *,
    headers: dict[str, str],
    max_examples: int,
    seed: int,
    checks: list[str],
    steps: int,
    coverage: bool,
) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": seed,
            "headers": headers,
            "generation": {"max-examples": max_examples, "mode": "all", "database": "none"},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in checks}},
            "phases": {"coverage": {"enabled": coverage}, "stateful": {"max-steps": steps}},
            "cache": {"enabled": False},
            "suppress-health-check": ["all"],
        }
    )


def run_fuzz(
    target: str,
    app: ASGIApp,
    *,
    headers: dict[str, str],
    max_examples: int,
    checks: list[str],
    seed: int = 7,
    steps: int = 20,
    coverage: bool = True,
    family: str | None = None,
) -> FuzzReport:
    """One run of every phase (`coverage`: with the boundary and wrong-type cases), on the
    app's own /openapi.json or, with `family`, on that Zoom file (the app: the emulator)."""
    report = FuzzReport(target)
    settings = config(
        headers=headers,
        max_examples=max_examples,
        seed=seed,
        checks=checks,
        steps=steps,
        coverage=coverage,
    )
    recorded = Recorder(app, report)
    if family is None:
        schema = schemathesis.openapi.from_asgi("/openapi.json", recorded, config=settings)
    else:
        schema = schemathesis.openapi.from_dict(zoom_document(family), config=settings)
        schema.app = recorded
    report.operations = schema.statistic.operations.total
    schema.hook("filter_failure")(_zoom_deviation_filter(report, every=family is not None))
    for event in from_schema(schema).execute():
        _take(report, event)
    return report


def zoom_document(family: str) -> dict[str, Any]:
    """Zoom's file of one family, served from /v2 (its paths leave the prefix out)."""
    document = copy.deepcopy(spec.document(family))  # the cached one stays as it is
    return {**document, "servers": [{"url": spec.API_PREFIX}]}


def _zoom_deviation_filter(report: FuzzReport, *, every: bool) -> Any:
    """`every`: every operation is Zoom's (a Zoom file), not only those under /v2/."""

    def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
        text = f"{failure.title} {failure.message}"
        zooms = every or case.operation.path.startswith("/v2/")
        for needle, reason in ZOOM_BEYOND_ITS_SPEC.items():
            parts = (needle,) if isinstance(needle, str) else needle
            if zooms and all(part in text for part in parts):
                report.tolerated[reason] += 1
                return False
        return True

    return filter_failure


def _take(report: FuzzReport, event: events.EngineEvent) -> None:
    if isinstance(event, events.ScenarioFinished):
        report.cases += len(event.recorder.interactions)
        report.phases[str(event.phase.value)] += len(event.recorder.interactions)
        for check, line in _failures(event.recorder):
            report.failures.setdefault(check, []).append(line)
    elif isinstance(event, events.NonFatalError):
        report.engine_errors.append(f"{event.label}: {_first_line(str(event.info))}")
    elif isinstance(event, events.FatalError):
        report.engine_errors.append(f"fatal: {event.exception}")


def _failures(recorder: ScenarioRecorder) -> Iterator[tuple[str, str]]:
    for case_id, checks in recorder.checks.items():
        case = recorder.cases[case_id].value
        for check in checks:
            if check.failure_info is None:
                continue
            failure = check.failure_info.failure
            why = _first_line(f"{failure.title}: {failure.message}")
            yield check.name, f"{case.operation.label}: {why}"


def _first_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)[:240]
