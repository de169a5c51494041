"""A whole `zoomstack up` stack on free loopback ports, small demo data, fast settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from zoomstack.up import Stack, UpConfig, running


def small_config(data_dir: Path, **changes: object) -> UpConfig:
    """Two demo users, nothing synced at start (the seed's meetings are older than
    a day), filler media (free to make), cheap password hashing."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "emulator_port": 0,
        "hub_port": 0,
        "demo_users": 1,
        "demo_meetings": 2,
        "sync_days": 1,
        "simulate_every": 0,
        "emulator_extra": {"media": "filler"},
        "hub_extra": {
            "password_time_cost": 1,
            "password_memory_kib": 1024,
            "log_level": "warning",
            "log_json": False,
            "sync_retry_seconds": 0.05,
            "transcribe_on_store": False,
        },
        **changes,
    }
    return UpConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    async with running(small_config(tmp_path / "data")) as up:
        yield up
