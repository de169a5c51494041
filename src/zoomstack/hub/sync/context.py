"""What the sync's jobs share in one process: the hub, Zoom, limits, a byte counter."""

from __future__ import annotations

import asyncio
import os
import socket
from dataclasses import dataclass, field

from ...config import HubSettings
from ...zoom import ZoomClient
from ..db.base import new_id
from ..state import Hub


def worker_name() -> str:
    """Who holds a claim: host, process and a random part (one per engine)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{new_id()[:8]}"


@dataclass(slots=True)
class SyncContext:
    hub: Hub
    zoom: ZoomClient | None
    limit: asyncio.Semaphore
    worker: str = field(default_factory=worker_name)
    bytes_moved: int = 0  # by this process since it started, for progress bars

    @property
    def settings(self) -> HubSettings:
        return self.hub.settings

    def count_bytes(self, count: int) -> None:
        self.bytes_moved += count
