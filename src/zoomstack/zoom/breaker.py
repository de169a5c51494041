"""A circuit breaker around the Zoom API, so an outage fails fast instead of piling up.

Built on purgatory (pinned 3.0.1): it is asyncio-native (an async context manager),
typed (PEP 561), MIT, maintained (2024 releases for current Pythons), and keeps
circuit state behind a unit of work: in memory by default, or in Redis
(`purgatory.AsyncRedisUnitOfWork`) so several hub workers share one view of Zoom's
health. pybreaker runs coroutines only through Tornado, and aiobreaker has had no
release since 2021.

Only outages count as failures: 5xx and lost answers. A 4xx, a 429 or a cancelled
task says nothing about Zoom's health, and a success closes the count again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from purgatory import AsyncAbstractUnitOfWork, AsyncCircuitBreakerFactory
from purgatory.domain.model import OpenedState
from purgatory.typing import StateName

from .errors import CircuitOpenError, NetworkError, ServerError

DEFAULT_NAME = "zoom-api"


def _not_an_outage(exc: BaseException) -> bool:
    return not isinstance(exc, ServerError | NetworkError)


class CircuitBreaker:
    """Opens after `threshold` outages in a row; after `ttl` seconds one probe is let
    through (half-open) and its success closes the circuit again."""

    def __init__(
        self,
        *,
        threshold: int = 5,
        ttl: float = 30.0,
        name: str = DEFAULT_NAME,
        uow: AsyncAbstractUnitOfWork | None = None,
    ) -> None:
        self.name = name
        self._factory = AsyncCircuitBreakerFactory(
            default_threshold=threshold,
            default_ttl=ttl,
            exclude=[(BaseException, _not_an_outage)],
            uow=uow,
        )

    async def initialize(self) -> None:
        """Connect the state store (needed once for a Redis unit of work)."""
        await self._factory.initialize()

    async def state(self) -> StateName:
        """ "closed", "opened" or "half-opened"."""
        breaker = await self._factory.get_breaker(self.name)
        return breaker.context.state

    @asynccontextmanager
    async def guard(self) -> AsyncIterator[None]:
        """Run the block under the breaker; raises CircuitOpenError while open."""
        breaker = await self._factory.get_breaker(self.name)
        try:
            async with breaker:
                yield
        except OpenedState:
            raise CircuitOpenError(f"circuit {self.name!r} is open; Zoom keeps failing") from None
