from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest

from zoomstack.zoom import ZoomAPIError, month_windows, paginate
from zoomstack.zoom.pagination import add_months


class Pages:
    """A fetch function serving fixed pages, keyed by the token asked for."""

    def __init__(self, pages: dict[str, dict[str, Any]]) -> None:
        self.pages = pages
        self.queries: list[dict[str, Any]] = []

    async def __call__(self, query: dict[str, Any]) -> dict[str, Any]:
        self.queries.append(query)
        return self.pages[query.get("next_page_token", "")]


async def test_follows_next_page_token_to_the_end() -> None:
    pages = Pages(
        {
            "": {"users": [{"id": 1}, {"id": 2}], "next_page_token": "a"},
            "a": {"users": [{"id": 3}], "next_page_token": "b"},
            "b": {"users": [], "next_page_token": ""},
        }
    )
    items = [item async for item in paginate(pages, "users", {"status": "active"}, page_size=2)]
    assert [item["id"] for item in items] == [1, 2, 3]
    assert pages.queries == [
        {"status": "active", "page_size": 2},
        {"status": "active", "page_size": 2, "next_page_token": "a"},
        {"status": "active", "page_size": 2, "next_page_token": "b"},
    ]


async def test_missing_token_or_list_ends_quietly() -> None:
    pages = Pages({"": {"total_records": 0}})
    assert [item async for item in paginate(pages, "meetings")] == []


async def test_page_size_is_capped_at_zooms_maximum() -> None:
    pages = Pages({"": {"meetings": []}})
    _ = [item async for item in paginate(pages, "meetings", page_size=1000)]
    assert pages.queries[0]["page_size"] == 300


async def test_repeated_token_is_an_error_not_a_loop() -> None:
    pages = Pages(
        {
            "": {"users": [{"id": 1}], "next_page_token": "a"},
            "a": {"users": [{"id": 2}], "next_page_token": "a"},
        }
    )
    seen: list[int] = []
    with pytest.raises(ZoomAPIError, match="repeated next_page_token"):
        async for item in paginate(pages, "users"):
            seen.append(item["id"])
    assert seen == [1, 2]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 15), 1, date(2024, 2, 15)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 12, 5), 1, date(2025, 1, 5)),
        (date(2024, 3, 31), 13, date(2025, 4, 30)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_month_windows_cover_the_span_without_overlap() -> None:
    windows = list(month_windows(date(2024, 1, 15), date(2024, 4, 2)))
    assert windows == [
        (date(2024, 1, 15), date(2024, 2, 14)),
        (date(2024, 2, 15), date(2024, 3, 14)),
        (date(2024, 3, 15), date(2024, 4, 2)),
    ]


def test_month_windows_short_and_empty_spans() -> None:
    assert list(month_windows(date(2024, 5, 1), date(2024, 5, 1))) == [
        (date(2024, 5, 1), date(2024, 5, 1))
    ]
    assert list(month_windows(date(2024, 5, 2), date(2024, 5, 1))) == []


def test_month_windows_from_a_month_end() -> None:
    windows = list(month_windows(date(2024, 1, 31), date(2024, 3, 31)))
    assert windows[0] == (date(2024, 1, 31), date(2024, 2, 28))
    assert all(a <= b for a, b in windows)
    assert all(add_months(a, 1) > b for a, b in windows)
    assert windows[-1][1] == date(2024, 3, 31)
    for (_, end), (start, _) in itertools.pairwise(windows):
        assert (start - end).days == 1
