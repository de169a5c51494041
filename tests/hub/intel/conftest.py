"""Fixtures of the meeting-intelligence tests: a small hand-made stand-up transcript."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
# A Wednesday: "by Friday" is 2024-03-08, "next Tuesday" 2024-03-12.
MEETING_DATE = dt.date(2024, 3, 6)


@pytest.fixture
def standup_path() -> Path:
    return DATA / "standup.vtt"


@pytest.fixture
def standup_vtt(standup_path: Path) -> str:
    return standup_path.read_text()
