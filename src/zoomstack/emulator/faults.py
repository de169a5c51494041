"""Fault injection for testing clients' resilience: errors, latency and dropped connections.

Rules are set through `/_emulator/faults`. A request matches a rule by method and a
glob over its path (`/v2/meetings/*`, where `*` also crosses `/`). A matching rule
fires with its `probability`: it adds `latency_ms`, then answers `status` or drops
the connection without an answer. Rules are tried in order; latencies of the rules
that fire add up, and the first error or drop ends the request. `times` stops a rule
after it fired that many times. With a `seed`, which requests fire is reproducible
(per worker, for the same sequence of requests).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import secrets
from dataclasses import dataclass
from fnmatch import fnmatchcase
from http import HTTPStatus
from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive

from .control_http import emulator_of, parse_model
from .errors import NotFound
from .http import json_response, no_content, read_json
from .ratelimit import HEADER_NAMES, QPS_MESSAGE
from .routelabels import zoom_labels


class FaultRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = ""
    method: str = "*"
    path: str = "*"
    status: Literal[429, 500, 502, 503, 504] | None = None
    probability: float = Field(default=1.0, ge=0.0, le=1.0)
    latency_ms: int = Field(default=0, ge=0, le=60_000)
    drop: bool = False
    times: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _has_effect(self) -> FaultRule:
        if self.status is None and not self.drop and not self.latency_ms:
            raise ValueError("a fault needs a status, latency_ms or drop")
        if not self.id:
            self.id = secrets.token_urlsafe(6)
        self.method = self.method.upper()
        return self

    def matches(self, method: str, path: str) -> bool:
        return (self.method in ("*", method)) and fnmatchcase(path, self.path)


class FaultConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seed: int | None = None
    rules: list[FaultRule] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Fault:
    """What happens to one request."""

    latency_ms: int
    status: int | None = None
    drop: bool = False


class FaultInjector:
    """Picks the fault of each request; `active` is read once per request."""

    def __init__(self) -> None:
        self.config = FaultConfig()
        self.active = False
        self._rng = random.Random()
        self.fired: dict[str, int] = {}

    def configure(self, config: FaultConfig) -> None:
        self.config = config
        self._rng = random.Random(config.seed)
        self.fired = {}
        self.active = bool(config.rules)

    def pick(self, method: str, path: str) -> Fault | None:
        latency_ms = 0
        for rule in self.config.rules:
            if not rule.matches(method, path) or not self._fires(rule):
                continue
            latency_ms += rule.latency_ms
            if rule.drop or rule.status is not None:
                return Fault(latency_ms, rule.status, rule.drop)
        return Fault(latency_ms) if latency_ms else None

    def _fires(self, rule: FaultRule) -> bool:
        count = self.fired.get(rule.id, 0)
        if rule.times is not None and count >= rule.times:
            return False
        if self._rng.random() >= rule.probability:
            return False
        self.fired[rule.id] = count + 1
        return True


def fault_response(status: int, method: str, path: str) -> Response:
    """The answer of an injected error; a 429 looks like Zoom's per-second limit."""
    if status == 429:
        category = zoom_labels().category(method, path) or "light"
        headers = {
            "X-RateLimit-Category": HEADER_NAMES[category],
            "X-RateLimit-Type": "QPS",
            "Retry-After": "1",
        }
        return json_response({"code": 429, "message": QPS_MESSAGE}, 429, headers)
    return json_response({"code": status, "message": HTTPStatus(status).phrase + "."}, status)


class DroppedConnection(httpx.RemoteProtocolError):
    """A dropped connection where the server offers no socket to close.

    In-process clients (httpx's ASGITransport) get this raised through the app, so
    they see the same transport error a client on a real socket sees.
    """


async def drop_connection(receive: Receive) -> None:
    """Close the client's connection without an answer.

    Under uvicorn the connection's transport is reachable from `receive`; it is
    aborted and the disconnect awaited, so the server sends nothing more.
    """
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    abort = getattr(transport, "abort", None)  # asyncio's or uvloop's transport
    if not callable(abort):
        raise DroppedConnection("Server disconnected without sending a response.")
    abort()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(1.0):
            while (await receive())["type"] != "http.disconnect":
                pass


# -- control plane -------------------------------------------------------------


def _listing(injector: FaultInjector) -> dict[str, object]:
    return {
        "seed": injector.config.seed,
        "rules": [
            {**rule.model_dump(), "fired": injector.fired.get(rule.id, 0)}
            for rule in injector.config.rules
        ],
    }


async def faults_get(request: Request) -> Response:
    return json_response(_listing(emulator_of(request).traffic.faults))


async def faults_put(request: Request) -> Response:
    """Replace every rule (and the seed)."""
    emu = emulator_of(request)
    config = parse_model(FaultConfig, await read_json(request))
    await emu.traffic.fault_config.save(emu.store, config)
    return json_response(_listing(emu.traffic.faults))


async def faults_post(request: Request) -> Response:
    """Add one rule after the others."""
    emu = emulator_of(request)
    rule = parse_model(FaultRule, await read_json(request))
    current = emu.traffic.faults.config
    config = FaultConfig(seed=current.seed, rules=[*current.rules, rule])
    await emu.traffic.fault_config.save(emu.store, config)
    return json_response(rule.model_dump(), 201)


async def faults_delete(request: Request) -> Response:
    emu = emulator_of(request)
    await emu.traffic.fault_config.save(emu.store, FaultConfig())
    return no_content()


async def fault_delete(request: Request) -> Response:
    emu = emulator_of(request)
    rule_id = request.path_params["ruleId"]
    current = emu.traffic.faults.config
    rules = [rule for rule in current.rules if rule.id != rule_id]
    if len(rules) == len(current.rules):
        raise NotFound(f"Fault rule does not exist: {rule_id}.")
    await emu.traffic.fault_config.save(emu.store, FaultConfig(seed=current.seed, rules=rules))
    return no_content()


routes = [
    Route("/_emulator/faults", faults_get, methods=["GET"]),
    Route("/_emulator/faults", faults_put, methods=["PUT"]),
    Route("/_emulator/faults", faults_post, methods=["POST"]),
    Route("/_emulator/faults", faults_delete, methods=["DELETE"]),
    Route("/_emulator/faults/{ruleId}", fault_delete, methods=["DELETE"]),
]
