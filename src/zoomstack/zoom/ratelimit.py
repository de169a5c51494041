"""Zoom's rate-limit headers: X-RateLimit-Category/-Type/-Limit/-Remaining and Retry-After.

Zoom sends `Retry-After` as seconds on per-second limits, and as a datetime
("2020-05-31T00:00:00Z", or an HTTP date) when a daily limit is spent
(`X-RateLimit-Type: Daily-limit`); both become seconds from now here.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

DAILY = "daily-limit"


def _seconds_until(value: str, now: float) -> float | None:
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait, from a `Retry-After` value; None when absent or unreadable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        return _seconds_until(value, time.time() if now is None else now)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class RateLimitInfo:
    """What Zoom said about the caller's rate limits on one answer."""

    category: str | None = None  # Light, Medium, Heavy, Resource-intensive
    type: str | None = None  # QPS or Daily-limit
    limit: int | None = None
    remaining: int | None = None
    retry_after: float | None = None

    @property
    def daily(self) -> bool:
        return (self.type or "").lower() == DAILY

    @classmethod
    def from_headers(cls, headers: Mapping[str, str], now: float | None = None) -> RateLimitInfo:
        return cls(
            category=headers.get("x-ratelimit-category"),
            type=headers.get("x-ratelimit-type"),
            limit=_int(headers.get("x-ratelimit-limit")),
            remaining=_int(headers.get("x-ratelimit-remaining")),
            retry_after=parse_retry_after(headers.get("retry-after"), now),
        )
