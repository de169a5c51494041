"""What stands between a client and the API: the request log, injected faults, rate limits.

`Traffic` holds their state for one emulator; `middleware.TrafficMiddleware` applies
them to each request. Faults and rate-limit settings changed through the control
plane are shared by every worker through the store (see `shared`).
"""

from __future__ import annotations

from ..config import EmulatorSettings
from .faults import FaultConfig, FaultInjector
from .ratelimit import RateLimitConfig, RateLimiter
from .requestlog import RequestLog
from .shared import SharedConfig
from .store import Store

FAULTS_KEY = "emulator.faults"
RATE_LIMITS_KEY = "emulator.rate_limits"


class Traffic:
    def __init__(self, settings: EmulatorSettings) -> None:
        self.requests = RequestLog(settings.request_log_size)
        self.faults = FaultInjector()
        self.limiter = RateLimiter(settings)
        self.fault_config = SharedConfig(FAULTS_KEY, FaultConfig, self.faults.configure)
        self.limit_config = SharedConfig(RATE_LIMITS_KEY, RateLimitConfig, self.limiter.configure)

    async def refresh(self, store: Store) -> None:
        """Pick up what another worker changed through the control plane."""
        await self.fault_config.refresh(store)
        await self.limit_config.refresh(store)

    async def reset(self, store: Store) -> None:
        """After a store reset: default faults and limits here at once, no counts, no log."""
        await self.refresh(store)
        await self.limiter.reset()
        self.requests.clear()

    async def close(self) -> None:
        await self.limiter.close()
