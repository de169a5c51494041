"""Zoom's rate limits: per-account budgets by operation category and plan, 429s as Zoom sends them.

An operation's category (Light, Medium, Heavy, Resource-intensive) comes from Zoom's
specs (`routelabels`); an account's plan (free, pro, business) gives each category
one or more windows (guides/rate-limits.md). A group key such as
`heavy+resource-intensive` names a window shared by several categories (the daily
budget Pro and Business+ accounts share between Heavy and Resource-intensive calls).

Counting is done by `limits` on memory storage (one worker) or Redis (several
workers share the budgets). Only `/v2` calls count: `/oauth/token` is never limited,
since some clients fetch a token before every call.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import limits
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from pydantic import BaseModel, ConfigDict, Field, field_validator
from redis.asyncio import ConnectionPool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..config import EmulatorSettings
from .clock import iso
from .control_http import emulator_of, parse_model
from .http import json_response, no_content, read_json
from .routelabels import API_PREFIX, CATEGORIES, zoom_labels

Plan = Literal["free", "pro", "business"]
Windows = dict[str, list[str]]  # group key ("light", "heavy+resource-intensive") -> windows

# guides/rate-limits.md, "Rate limits by account type".
ZOOM_PLANS: dict[str, Windows] = {
    "free": {
        "light": ["4/second", "6000/day"],
        "medium": ["2/second", "2000/day"],
        "heavy": ["1/second", "1000/day"],
        "resource-intensive": ["10/minute", "30000/day"],
    },
    "pro": {
        "light": ["30/second"],
        "medium": ["20/second"],
        "heavy": ["10/second"],
        "resource-intensive": ["10/minute"],
        "heavy+resource-intensive": ["30000/day"],
    },
    "business": {
        "light": ["80/second"],
        "medium": ["60/second"],
        "heavy": ["40/second"],
        "resource-intensive": ["20/minute"],
        "heavy+resource-intensive": ["60000/day"],
    },
}
HEADER_NAMES = {
    "light": "Light",
    "medium": "Medium",
    "heavy": "Heavy",
    "resource-intensive": "Resource-intensive",
}
QPS_MESSAGE = "You have reached the maximum per-second rate limit for this API. Try again later."
DAILY_MESSAGE = (
    "You have reached the maximum daily rate limit for this API. "
    "Refer to the response header for details on when you can make another request."
)
REDIS_PREFIX = "zoomstack-ratelimit"


class RateLimitConfig(BaseModel):
    """What the control plane can change at run time; unset fields keep the settings."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = None
    plan: Plan | None = None  # the plan of accounts not named in `accounts`
    accounts: dict[str, Plan] = Field(default_factory=dict)
    plans: dict[Plan, Windows] = Field(default_factory=dict)  # replaces a plan's windows

    @field_validator("plans")
    @classmethod
    def _check_windows(cls, plans: dict[Plan, Windows]) -> dict[Plan, Windows]:
        for windows in plans.values():
            for group, specs in windows.items():
                if any(part not in CATEGORIES for part in group.split("+")):
                    raise ValueError(f"unknown category {group!r}; use {', '.join(CATEGORIES)}")
                for spec in specs:
                    limits.parse(spec)  # raises ValueError on a bad window
        return plans


@dataclass(frozen=True, slots=True)
class Window:
    group: str
    item: limits.RateLimitItem

    @property
    def daily(self) -> bool:
        return self.item.get_expiry() >= 86_400


@dataclass(frozen=True, slots=True)
class Rejection:
    category: str
    window: Window
    reset_at: float  # epoch seconds

    def headers(self) -> dict[str, str]:
        if self.window.daily:
            retry_after = iso(datetime.fromtimestamp(self.reset_at, UTC))
        else:
            retry_after = str(max(1, math.ceil(self.reset_at - time.time())))
        return {
            "X-RateLimit-Category": HEADER_NAMES[self.category],
            "X-RateLimit-Type": "Daily-limit" if self.window.daily else "QPS",
            "X-RateLimit-Limit": str(self.window.item.amount),
            "X-RateLimit-Remaining": "0",
            "Retry-After": retry_after,
        }

    def body(self) -> dict[str, object]:
        return {"code": 429, "message": DAILY_MESSAGE if self.window.daily else QPS_MESSAGE}


@dataclass(frozen=True, slots=True)
class Verdict:
    category: str
    rejection: Rejection | None = None


def open_storage(url: str) -> tuple[Storage, ConnectionPool | None]:
    """`memory://` or `redis://host:port/db`; the pool is returned so it can be closed."""
    if url.startswith("memory:"):
        return MemoryStorage(), None
    if url.startswith(("redis://", "rediss://", "unix://")):
        pool = ConnectionPool.from_url(url)
        # `limits` types its pass-through options as scalars; a pool is what redis-py takes.
        options: dict[str, Any] = {"connection_pool": pool}
        storage = RedisStorage(
            "async+" + url, implementation="redispy", key_prefix=REDIS_PREFIX, **options
        )
        return storage, pool
    raise ValueError(f"rate_limit_storage {url!r}: use memory:// or redis://host:port/db")


class RateLimiter:
    """Counts calls per account and category; `enabled` is read once per request."""

    def __init__(self, settings: EmulatorSettings) -> None:
        if settings.rate_limit_plan not in ZOOM_PLANS:
            raise ValueError(
                f"rate_limit_plan {settings.rate_limit_plan!r}: use {', '.join(ZOOM_PLANS)}"
            )
        self.settings = settings
        self.storage_url = settings.rate_limit_storage
        self.storage, self._pool = open_storage(self.storage_url)
        self._strategy = FixedWindowRateLimiter(self.storage)
        self._windows: dict[tuple[str, str], tuple[Window, ...]] = {}
        self.config = RateLimitConfig()
        self.enabled = settings.rate_limits

    def configure(self, config: RateLimitConfig) -> None:
        self.config = config
        self._windows.clear()
        self.enabled = self.settings.rate_limits if config.enabled is None else config.enabled

    def plan_of(self, account_id: str) -> str:
        return (
            self.config.accounts.get(account_id)
            or self.config.plan
            or self.settings.rate_limit_plan
        )

    def plan_windows(self, plan: str) -> Windows:
        for name, windows in self.config.plans.items():
            if name == plan:
                return windows
        return ZOOM_PLANS[plan]

    def windows(self, plan: str, category: str) -> tuple[Window, ...]:
        key = (plan, category)
        if key not in self._windows:
            self._windows[key] = tuple(
                Window(group, limits.parse(spec))
                for group, specs in self.plan_windows(plan).items()
                if category in group.split("+")
                for spec in specs
            )
        return self._windows[key]

    async def check(self, account_id: str, method: str, path: str) -> Verdict | None:
        """Count one call; None when the path is not a rate-limited API call."""
        if not path.startswith(API_PREFIX + "/"):
            return None
        category = zoom_labels().category(method, path) or "light"
        for window in self.windows(self.plan_of(account_id), category):
            if not await self._strategy.hit(window.item, account_id, window.group):
                stats = await self._strategy.get_window_stats(window.item, account_id, window.group)
                return Verdict(category, Rejection(category, window, stats.reset_time))
        return Verdict(category)

    async def reset(self) -> None:
        """Forget every count (all accounts)."""
        await self.storage.reset()

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()


# -- control plane -------------------------------------------------------------


def _listing(limiter: RateLimiter) -> dict[str, object]:
    config = limiter.config
    return {
        "enabled": limiter.enabled,
        "storage": limiter.storage_url.split(":", 1)[0],
        "plan": config.plan or limiter.settings.rate_limit_plan,
        "accounts": config.accounts,
        "plans": {plan: limiter.plan_windows(plan) for plan in ZOOM_PLANS},
    }


async def ratelimits_get(request: Request) -> Response:
    return json_response(_listing(emulator_of(request).traffic.limiter))


async def ratelimits_put(request: Request) -> Response:
    """Replace the run-time configuration; fields left out fall back to the settings."""
    emu = emulator_of(request)
    config = parse_model(RateLimitConfig, await read_json(request))
    await emu.traffic.limit_config.save(emu.store, config)
    return json_response(_listing(emu.traffic.limiter))


async def ratelimits_reset(request: Request) -> Response:
    """Forget the calls counted so far, for every account."""
    await emulator_of(request).traffic.limiter.reset()
    return no_content()


routes = [
    Route("/_emulator/ratelimits", ratelimits_get, methods=["GET"]),
    Route("/_emulator/ratelimits", ratelimits_put, methods=["PUT"]),
    Route("/_emulator/ratelimits/reset", ratelimits_reset, methods=["POST"]),
]
