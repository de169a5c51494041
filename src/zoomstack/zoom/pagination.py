"""Walking Zoom's paginated lists: `next_page_token`, and month windows for recordings.

Zoom ends a list with `next_page_token` "" (or leaves it out). Cloud recording
lists take `from`/`to` dates at most one month apart, so longer spans are walked
one calendar month at a time.
"""

from __future__ import annotations

import calendar
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import date, timedelta
from typing import Any

from .errors import ZoomAPIError

MAX_PAGE_SIZE = 300

FetchPage = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]


async def paginate(
    fetch: FetchPage, key: str, params: dict[str, Any] | None = None, *, page_size: int = 300
) -> AsyncIterator[dict[str, Any]]:
    """Yield the items under `key` of every page, asking `fetch(query)` for each page."""
    query: dict[str, Any] = {**(params or {}), "page_size": min(page_size, MAX_PAGE_SIZE)}
    seen: set[str] = set()
    while True:
        page = await fetch(query)
        for item in page.get(key) or []:
            yield item
        token = page.get("next_page_token") or ""
        if not token:
            return
        if token in seen:
            raise ZoomAPIError(f"Zoom repeated next_page_token {token!r}; the list would not end.")
        seen.add(token)
        query = {**query, "next_page_token": token}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_windows(start: date, end: date) -> Iterator[tuple[date, date]]:
    """Consecutive inclusive (from, to) windows covering start..end, each within a month."""
    while start <= end:
        stop = min(add_months(start, 1) - timedelta(days=1), end)
        yield start, stop
        start = stop + timedelta(days=1)
