from __future__ import annotations

import pytest

from zoomstack.emulator.errors import BadRequest
from zoomstack.emulator.resources import activity


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "00:00:00"), (59, "00:00:59"), (3600 + 125, "01:02:05"), (-5, "00:00:00")]
)  # fmt: skip
def test_lengths_read_as_the_dashboard_writes_them(seconds: int, text: str) -> None:
    assert activity.hms(seconds) == text


def test_a_window_takes_dates_or_datetimes_and_covers_whole_days() -> None:
    span = activity.window({"from": "2024-03-01", "to": "2024-03-31"})
    assert (span.start, span.end) == ("2024-03-01", "2024-03-31")
    assert (span.lower, span.upper) == ("2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z")
    exact = activity.window({"from": "2024-03-01T10:00:00Z", "to": "2024-03-01T11:00:00Z"})
    assert (exact.start, exact.upper) == ("2024-03-01", "2024-03-01T11:00:00Z")
    with pytest.raises(BadRequest, match="from parameter is required"):
        activity.window({"to": "2024-03-01"})
