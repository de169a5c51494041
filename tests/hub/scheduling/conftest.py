"""A fixed moment to read phrases from: Wednesday 2025-03-05 09:00 in New York, four days
before the United States move their clocks forward (Sunday March 9, 2am -> 3am)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

NEW_YORK = "America/New_York"
NOW = datetime(2025, 3, 5, 9, 0, tzinfo=ZoneInfo(NEW_YORK))


def local(text: str, tz: str = NEW_YORK) -> datetime:
    """'2025-03-06 14:00' as an aware datetime in `tz`."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


@pytest.fixture
def now() -> datetime:
    return NOW
