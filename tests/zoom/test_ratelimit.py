from __future__ import annotations

import pytest

from zoomstack.zoom import RateLimitInfo, parse_retry_after

NOW = 1_590_883_200.0  # 2020-05-31T00:00:00Z


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("2", 2.0),
        ("0.5", 0.5),
        ("-3", 0.0),
        ("2020-05-31T00:00:30Z", 30.0),
        ("2020-05-31T00:01:00+00:00", 60.0),
        ("Sun, 31 May 2020 00:00:10 GMT", 10.0),
        ("2020-05-30T00:00:00Z", 0.0),
        ("", None),
        (None, None),
        ("tomorrow", None),
        ("2020-05-31T00:00:30", None),  # no zone: cannot tell when
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_rate_limit_headers_are_read() -> None:
    info = RateLimitInfo.from_headers(
        {
            "x-ratelimit-category": "Heavy",
            "x-ratelimit-type": "Daily-limit",
            "x-ratelimit-limit": "30000",
            "x-ratelimit-remaining": "0",
            "retry-after": "2020-05-31T06:00:00Z",
        },
        now=NOW,
    )
    assert info == RateLimitInfo("Heavy", "Daily-limit", 30000, 0, 6 * 3600.0)
    assert info.daily


def test_missing_or_bad_numbers_are_none() -> None:
    info = RateLimitInfo.from_headers({"x-ratelimit-limit": "many", "x-ratelimit-type": "QPS"})
    assert info.limit is None and info.remaining is None and info.retry_after is None
    assert not info.daily
