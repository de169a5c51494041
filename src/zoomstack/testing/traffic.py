"""Handle helpers for what stands between a client and the API: faults and the request log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .control import ControlPlane
from .results import FaultRule, LoggedRequest


def _rule_body(rule: FaultRule | dict[str, Any]) -> dict[str, Any]:
    if isinstance(rule, dict):
        return rule
    fields = ("method", "path", "status", "probability", "latency_ms", "drop", "times")
    return {"id": rule.id, **{name: getattr(rule, name) for name in fields}}


class TrafficHelpers(ControlPlane):
    def add_fault(
        self,
        path: str = "*",
        *,
        method: str = "*",
        status: int | None = None,
        latency_ms: int = 0,
        drop: bool = False,
        probability: float = 1.0,
        times: int | None = None,
    ) -> FaultRule:
        """Add a fault after the others: `path` is a glob (`/v2/meetings/*`); the rule
        answers `status`, adds `latency_ms`, or drops the connection."""
        body = {
            "path": path,
            "method": method,
            "status": status,
            "latency_ms": latency_ms,
            "drop": drop,
            "probability": probability,
            "times": times,
        }
        return FaultRule.from_body(self._control("POST", "faults", json=body))

    def set_faults(
        self, rules: Iterable[FaultRule | dict[str, Any]], *, seed: int | None = None
    ) -> list[FaultRule]:
        """Replace every rule; with a `seed`, which requests fail is reproducible."""
        body = {"seed": seed, "rules": [_rule_body(rule) for rule in rules]}
        return self._rules(self._control("PUT", "faults", json=body))

    def faults(self) -> list[FaultRule]:
        """The rules in force, each with how often it fired."""
        return self._rules(self._control("GET", "faults"))

    def clear_faults(self) -> None:
        self._control("DELETE", "faults")

    @staticmethod
    def _rules(body: dict[str, Any]) -> list[FaultRule]:
        return [FaultRule.from_body(rule) for rule in body["rules"]]

    def request_log(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        limit: int = 100,
    ) -> list[LoggedRequest]:
        """The requests the API answered, newest first (the control plane's own are left out)."""
        params = {"method": method, "path": path, "status": status, "limit": limit}
        query = {key: value for key, value in params.items() if value is not None}
        body = self._control("GET", "requests", params=query)
        return [LoggedRequest.from_body(entry) for entry in body["requests"]]

    def clear_request_log(self) -> None:
        self._control("DELETE", "requests")
