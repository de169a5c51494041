from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.zoom.conftest import Sleeps, mock_client, token_answer
from zoomstack.zoom import (
    NetworkError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    ServerError,
)
from zoomstack.zoom.errors import ZoomAPIError
from zoomstack.zoom.ratelimit import RateLimitInfo
from zoomstack.zoom.retry import is_retryable


class Script:
    """A MockTransport handler answering API calls from a list, in order."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers: Iterator[httpx.Response | Exception] = iter(answers)
        self.calls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        token = token_answer(request)
        if token is not None:
            return token
        self.calls.append(request)
        answer = next(self.answers)
        if isinstance(answer, Exception):
            raise answer
        return answer


def ok() -> httpx.Response:
    return httpx.Response(200, json={"id": "u1", "email": "ann@example.com"})


def error(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, json={"code": status, "message": "x"})


async def test_429_waits_as_long_as_retry_after_then_succeeds(
    retry: RetryPolicy, sleeps: Sleeps
) -> None:
    script = Script(error(429, **{"Retry-After": "2"}), ok())
    async with mock_client(script, retry) as zoom:
        user = await zoom.get_user("u1")
    assert user.email == "ann@example.com"
    assert len(script.calls) == 2
    assert sleeps.waits == [2.0]


async def test_retry_after_gets_jitter_on_top(sleeps: Sleeps) -> None:
    policy = RetryPolicy(jitter=1.0, sleep=sleeps)
    script = Script(error(429, **{"Retry-After": "2"}), ok())
    async with mock_client(script, policy) as zoom:
        await zoom.get_user("u1")
    assert 2.0 <= sleeps.waits[0] <= 3.0


async def test_429_retries_even_a_create(retry: RetryPolicy) -> None:
    created = httpx.Response(201, json={"id": 1, "topic": "t"})
    script = Script(error(429, **{"Retry-After": "1"}), created)
    async with mock_client(script, retry) as zoom:
        meeting = await zoom.create_meeting("me", {"topic": "t"})
    assert meeting.id == 1
    assert [c.method for c in script.calls] == ["POST", "POST"]


async def test_5xx_backs_off_exponentially_then_succeeds(
    retry: RetryPolicy, sleeps: Sleeps
) -> None:
    script = Script(error(500), error(502), error(503), ok())
    async with mock_client(script, retry) as zoom:
        await zoom.get_user("u1")
    assert len(script.calls) == 4
    assert sleeps.waits == [0.5, 1.0, 2.0]


async def test_attempts_are_bounded(retry: RetryPolicy, sleeps: Sleeps) -> None:
    script = Script(*(error(503) for _ in range(10)))
    async with mock_client(script, retry) as zoom:
        with pytest.raises(ServerError) as caught:
            await zoom.get_user("u1")
    assert caught.value.status == 503
    assert len(script.calls) == retry.attempts
    assert len(sleeps.waits) == retry.attempts - 1


async def test_non_idempotent_call_is_not_retried_on_5xx(retry: RetryPolicy) -> None:
    script = Script(error(500), httpx.Response(201, json={"id": 1}))
    async with mock_client(script, retry) as zoom:
        with pytest.raises(ServerError):
            await zoom.create_meeting("me", {"topic": "t"})
    assert len(script.calls) == 1


async def test_non_idempotent_retry_can_be_enabled(sleeps: Sleeps) -> None:
    policy = RetryPolicy(retry_unsafe=True, jitter=0.0, sleep=sleeps)
    script = Script(error(500), httpx.Response(201, json={"id": 1}))
    async with mock_client(script, policy) as zoom:
        meeting = await zoom.create_meeting("me", {"topic": "t"})
    assert meeting.id == 1


async def test_connect_error_is_retried_for_any_method(retry: RetryPolicy) -> None:
    request = httpx.Request("POST", "https://api.zoom.test/v2/users/me/meetings")
    script = Script(
        httpx.ConnectError("refused", request=request), httpx.Response(201, json={"id": 7})
    )
    async with mock_client(script, retry) as zoom:
        meeting = await zoom.create_meeting("me", {"topic": "t"})
    assert meeting.id == 7


async def test_lost_answer_is_not_retried_for_a_create(retry: RetryPolicy) -> None:
    request = httpx.Request("POST", "https://api.zoom.test/v2/users/me/meetings")
    script = Script(httpx.ReadTimeout("slow", request=request), httpx.Response(201, json={}))
    async with mock_client(script, retry) as zoom:
        with pytest.raises(NetworkError) as caught:
            await zoom.create_meeting("me", {"topic": "t"})
    assert caught.value.sent
    assert len(script.calls) == 1


async def test_spent_daily_limit_is_raised_at_once(retry: RetryPolicy, sleeps: Sleeps) -> None:
    daily = error(429, **{"X-RateLimit-Type": "Daily-limit", "Retry-After": "2099-01-01T00:00:00Z"})
    script = Script(daily, ok())
    async with mock_client(script, retry) as zoom:
        with pytest.raises(RateLimitError) as caught:
            await zoom.get_user("u1")
    assert caught.value.limits.daily
    assert caught.value.retry_after is not None and caught.value.retry_after > 60
    assert len(script.calls) == 1
    assert sleeps.waits == []


async def test_client_errors_are_not_retried(retry: RetryPolicy) -> None:
    script = Script(httpx.Response(404, json={"code": 1001, "message": "User does not exist: x."}))
    async with mock_client(script, retry) as zoom:
        with pytest.raises(NotFoundError) as caught:
            await zoom.get_user("x")
    assert caught.value.code == 1001
    assert len(script.calls) == 1


def rate_limited(retry_after: float | None, kind: str | None = None) -> RateLimitError:
    limits = RateLimitInfo(type=kind, retry_after=retry_after)
    return RateLimitError("slow down", limits=limits, status=429, retry_after=retry_after)


@pytest.mark.parametrize(
    ("exc", "method", "expected"),
    [
        (rate_limited(None), "POST", True),
        (rate_limited(30.0), "GET", True),
        (rate_limited(61.0), "GET", False),
        (rate_limited(None, "Daily-limit"), "GET", False),
        (rate_limited(5.0, "Daily-limit"), "GET", True),
        (ServerError("x", status=500), "GET", True),
        (ServerError("x", status=500), "DELETE", True),
        (ServerError("x", status=500), "PATCH", False),
        (ServerError("x", status=503, retry_after=600.0), "GET", False),
        (NetworkError("x", sent=False), "POST", True),
        (NetworkError("x", sent=True), "PUT", True),
        (ZoomAPIError("x", status=400), "GET", False),
        (ValueError("bug"), "GET", False),
    ],
)
def test_is_retryable(exc: BaseException, method: str, expected: bool) -> None:
    assert is_retryable(exc, method, RetryPolicy()) is expected


async def test_latest_rate_limit_headers_are_kept(retry: RetryPolicy) -> None:
    headers = {
        "X-RateLimit-Category": "Light",
        "X-RateLimit-Limit": "80",
        "X-RateLimit-Remaining": "3",
    }
    script = Script(httpx.Response(200, headers=headers, json={"id": "u1"}), ok())
    async with mock_client(script, retry) as zoom:
        assert zoom.rate_limits is None
        await zoom.get_user("u1")
        await zoom.get_user("u1")  # an answer without the headers keeps the last ones
        assert zoom.rate_limits == RateLimitInfo(category="Light", limit=80, remaining=3)
