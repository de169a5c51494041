"""The emulator's clock: real time plus an offset the control plane can move.

The offset lives in the store's meta table so every worker agrees on it; each
worker caches it and re-reads it at most once a second.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

OFFSET_KEY = "clock_offset_seconds"


class Clock:
    def __init__(self, offset_seconds: float = 0.0) -> None:
        self.offset_seconds = offset_seconds

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.offset_seconds)

    def timestamp(self) -> float:
        return time.time() + self.offset_seconds


def iso(moment: datetime) -> str:
    """Zoom's timestamp format: UTC with a trailing Z and no fractions.

    `isoformat`, not `strftime("%Y")`: the latter writes year 668 as "668", which no
    ISO parser reads back.
    """
    return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
