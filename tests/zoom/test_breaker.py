from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from tests.zoom.conftest import mock_client, token_answer
from zoomstack.zoom import (
    NO_RETRY,
    CircuitBreaker,
    CircuitOpenError,
    NotFoundError,
    RetryPolicy,
    ServerError,
)


class Zoom:
    """A mock API answering `status` until told otherwise; counts the calls that arrive."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        token = token_answer(request)
        if token is not None:
            return token
        self.calls += 1
        if self.status == 200:
            return httpx.Response(200, json={"id": "u1"})
        return httpx.Response(self.status, json={"code": self.status, "message": "x"})


async def fail_times(times: int, call: Callable[[], Awaitable[Any]], exc: type[Exception]) -> None:
    for _ in range(times):
        with pytest.raises(exc):
            await call()


async def test_breaker_opens_after_threshold_outages() -> None:
    api = Zoom(500)
    breaker = CircuitBreaker(threshold=3, ttl=60)
    async with mock_client(api, NO_RETRY, breaker=breaker) as zoom:
        await fail_times(3, lambda: zoom.get_user("u1"), ServerError)
        assert await breaker.state() == "opened"
        with pytest.raises(CircuitOpenError):
            await zoom.get_user("u1")
    assert api.calls == 3  # the fourth call never left


async def test_open_circuit_is_not_retried(retry: RetryPolicy) -> None:
    api = Zoom(503)
    breaker = CircuitBreaker(threshold=2, ttl=60)
    async with mock_client(api, retry, breaker=breaker) as zoom:
        with pytest.raises(CircuitOpenError):
            await zoom.get_user("u1")  # 2 tries open the circuit; the 3rd is refused
    assert api.calls == 2


async def test_client_errors_do_not_open_the_circuit() -> None:
    api = Zoom(404)
    breaker = CircuitBreaker(threshold=2, ttl=60)
    async with mock_client(api, NO_RETRY, breaker=breaker) as zoom:
        await fail_times(5, lambda: zoom.get_user("u1"), NotFoundError)
    assert await breaker.state() == "closed"
    assert api.calls == 5


async def test_a_success_resets_the_count() -> None:
    api = Zoom(500)
    breaker = CircuitBreaker(threshold=2, ttl=60)
    async with mock_client(api, NO_RETRY, breaker=breaker) as zoom:
        await fail_times(1, lambda: zoom.get_user("u1"), ServerError)
        api.status = 200
        await zoom.get_user("u1")
        api.status = 500
        await fail_times(1, lambda: zoom.get_user("u1"), ServerError)
    assert await breaker.state() == "closed"


async def test_half_open_probe_closes_the_circuit(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [time.time()]
    # purgatory reads time.time() for its TTL; move its clock instead of sleeping.
    monkeypatch.setattr("purgatory.domain.model.time", SimpleNamespace(time=lambda: now[0]))
    api = Zoom(500)
    breaker = CircuitBreaker(threshold=1, ttl=30)
    async with mock_client(api, NO_RETRY, breaker=breaker) as zoom:
        await fail_times(1, lambda: zoom.get_user("u1"), ServerError)
        await fail_times(1, lambda: zoom.get_user("u1"), CircuitOpenError)
        now[0] += 31
        api.status = 200
        await zoom.get_user("u1")
    assert await breaker.state() == "closed"
    assert api.calls == 2


async def test_failed_probe_opens_the_circuit_again(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [time.time()]
    monkeypatch.setattr("purgatory.domain.model.time", SimpleNamespace(time=lambda: now[0]))
    api = Zoom(500)
    breaker = CircuitBreaker(threshold=1, ttl=30)
    async with mock_client(api, NO_RETRY, breaker=breaker) as zoom:
        await fail_times(1, lambda: zoom.get_user("u1"), ServerError)
        now[0] += 31
        await fail_times(1, lambda: zoom.get_user("u1"), ServerError)
        await fail_times(1, lambda: zoom.get_user("u1"), CircuitOpenError)
    assert api.calls == 2
