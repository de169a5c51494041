"""When and how long to wait before trying a Zoom call again (tenacity does the looping).

Retried: 429 (Zoom rejected the call before doing anything, so any method is
safe), 5xx and lost answers for idempotent methods, and connect failures (the
request never left) for every method. A `Retry-After` from Zoom wins over the
computed backoff; one longer than `max_retry_after` (a spent daily limit) is
raised at once rather than slept through.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_base, wait_exponential_jitter

from .errors import CircuitOpenError, NetworkError, RateLimitError, ServerError, ZoomAPIError

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

log = logging.getLogger("zoomstack.zoom")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How persistently a call is retried; `attempts` counts the first try."""

    attempts: int = 4
    backoff: float = 0.5  # first wait in seconds; doubles each retry
    max_backoff: float = 30.0
    jitter: float = 0.5  # up to this many seconds added at random, so clients spread out
    max_retry_after: float = 60.0
    retry_unsafe: bool = False  # also retry POST/PATCH on 5xx and answers lost after sending
    sleep: Sleep = field(default=asyncio.sleep, compare=False)


NO_RETRY = RetryPolicy(attempts=1)


def _waits_too_long(exc: ZoomAPIError, policy: RetryPolicy) -> bool:
    return exc.retry_after is not None and exc.retry_after > policy.max_retry_after


def is_retryable(exc: BaseException, method: str, policy: RetryPolicy) -> bool:
    """Whether `exc`, raised by a `method` call, is worth another try under `policy`."""
    safe = method.upper() in IDEMPOTENT_METHODS or policy.retry_unsafe
    if isinstance(exc, CircuitOpenError) or not isinstance(exc, ZoomAPIError):
        return False
    if isinstance(exc, RateLimitError):
        if exc.limits.daily and exc.retry_after is None:
            return False
        return not _waits_too_long(exc, policy)
    if isinstance(exc, NetworkError):
        return safe or not exc.sent
    if isinstance(exc, ServerError):
        return safe and not _waits_too_long(exc, policy)
    return False


class wait_zoom(wait_base):
    """Zoom's `Retry-After` (plus jitter) when it sent one, else exponential backoff."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.jitter = policy.jitter
        self.backoff = wait_exponential_jitter(
            multiplier=policy.backoff, max=policy.max_backoff, jitter=policy.jitter
        )

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, ZoomAPIError) and exc.retry_after is not None:
            return exc.retry_after + random.uniform(0, self.jitter)
        return float(self.backoff(retry_state))


def _log_retry(method: str) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        # The error's text only: URLs may carry an access_token and are never logged.
        log.warning(
            "zoom %s failed (%s); try %d in %.2fs", method, exc, state.attempt_number + 1, wait
        )

    return before_sleep


def retrying(policy: RetryPolicy, method: str) -> AsyncRetrying:
    """A tenacity controller for one call; the last error is raised as itself."""
    return AsyncRetrying(
        stop=stop_after_attempt(max(1, policy.attempts)),
        wait=wait_zoom(policy),
        retry=retry_if_exception(lambda exc: is_retryable(exc, method, policy)),
        sleep=policy.sleep,
        before_sleep=_log_retry(method),
        reraise=True,
    )


async def call_with_retry(
    policy: RetryPolicy, method: str, attempt: Callable[[], Awaitable[T]]
) -> T:
    """Run `attempt` until it succeeds, fails for good, or the attempts run out."""
    return await retrying(policy, method)(attempt)
