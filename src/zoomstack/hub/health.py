"""Health checks: each part reports ok or failing; any failing critical part is a 503."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

CheckResult = dict[str, Any]
CheckFn = Callable[[], Awaitable[CheckResult]]
TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True, slots=True)
class Check:
    run: CheckFn
    critical: bool = True


@dataclass(slots=True)
class HealthReport:
    healthy: bool
    checks: dict[str, CheckResult]

    def failing(self) -> list[str]:
        """The critical checks that failed."""
        return [
            name
            for name, result in self.checks.items()
            if result["status"] != "ok" and result["critical"]
        ]


@dataclass(slots=True)
class HealthChecks:
    """Named checks; later parts (the job queue, the sync) add their own."""

    checks: dict[str, Check] = field(default_factory=dict)

    def add(self, name: str, run: CheckFn, *, critical: bool = True) -> None:
        self.checks[name] = Check(run, critical)

    async def run(self) -> HealthReport:
        names = list(self.checks)
        results = await asyncio.gather(*(_timed(self.checks[name].run) for name in names))
        checks = {
            name: {**result, "critical": self.checks[name].critical}
            for name, result in zip(names, results, strict=True)
        }
        healthy = all(
            result["status"] == "ok" or not result["critical"] for result in checks.values()
        )
        return HealthReport(healthy, checks)


async def _timed(run: CheckFn) -> CheckResult:
    started = time.perf_counter()
    try:
        result = await asyncio.wait_for(run(), TIMEOUT_SECONDS)
        result = {"status": "ok", **result}
    except TimeoutError:
        result = {"status": "failing", "error": f"no answer within {TIMEOUT_SECONDS:g}s"}
    except Exception as exc:  # a check reports what broke instead of breaking /health
        result = {"status": "failing", "error": _describe(exc)}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def zoom_check(http: httpx.AsyncClient, api_url: str) -> CheckFn:
    """Zoom (or the emulator) answers HTTP at `api_url`; any status means reachable."""

    async def run() -> CheckResult:
        response = await http.get(api_url)
        return {"url": api_url, "http_status": response.status_code}

    return run


def redis_check(ping: Callable[[], Awaitable[Any]]) -> CheckFn:
    async def run() -> CheckResult:
        await ping()
        return {}

    return run
