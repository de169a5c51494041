"""The local folder watcher: finished recordings in a Zoom folder go to storage, once each.

watchdog reports file events from its own thread; they are handed to the event loop.
On Linux a file is a candidate when it is closed after writing (inotify's
IN_CLOSE_WRITE, watchdog's `FileClosedEvent`) or moved in; elsewhere, when it is
created or modified. A candidate is handed to the sync only once its size and
modification time have held for `settle_seconds`, so a file written in pieces (closed
and reopened between them) is stored once, complete. Files that appeared while the
watcher was off are found by a scan at start. The sync item's fingerprint (size and
mtime) keeps an unchanged file from being stored twice, across restarts too.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from . import folder
from .service import SyncService

log = structlog.get_logger("zoomstack.hub.watcher")

# Without close events (macOS, Windows), writes themselves mark a file as a candidate.
_TRIGGERS: tuple[type[FileSystemEvent], ...] = (FileClosedEvent, FileMovedEvent)
if sys.platform != "linux":
    _TRIGGERS += (FileCreatedEvent, FileModifiedEvent)


class WatchError(Exception):
    """The folder cannot be watched."""


@dataclass(slots=True)
class _Candidate:
    size: int
    mtime_ns: int
    since: float  # monotonic time its size and mtime were first seen as they are


class _Events(FileSystemEventHandler):
    """Runs in watchdog's thread: passes interesting paths to the loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, note: Any) -> None:
        self.loop = loop
        self.note = note

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.is_directory or not isinstance(event, _TRIGGERS):
            return
        raw = event.dest_path if isinstance(event, FileMovedEvent) else event.src_path
        path = Path(raw if isinstance(raw, str) else raw.decode())
        if folder.wanted(path):
            self.loop.call_soon_threadsafe(self.note, path)


def _folder(path: Path) -> Path:
    try:
        root = path.expanduser().resolve()
        if root.is_dir():
            return root
    except (OSError, RuntimeError, ValueError):  # too long; ~user of no one; a NUL byte
        raise WatchError(f"not a folder: {path}") from None
    raise WatchError(f"not a folder: {root}")


class FolderWatcher:
    def __init__(self, service: SyncService, *, settle_seconds: float) -> None:
        self.service = service
        self.settle_seconds = settle_seconds
        self.path: Path | None = None
        self.user_id: str | None = None
        self.started_at: datetime | None = None
        self.handed_over = 0  # files given to the sync since start
        self._candidates: dict[Path, _Candidate] = {}
        self._observer: BaseObserver | None = None
        self._settler: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._observer is not None

    async def start(self, path: Path, *, user_id: str) -> None:
        """Watch `path` (and below) for `user_id`; files already there are picked up."""
        if self.running:
            await self.stop()
        root = await asyncio.to_thread(_folder, path)
        observer = Observer()
        observer.schedule(
            _Events(asyncio.get_running_loop(), self._note), str(root), recursive=True
        )
        observer.start()
        self._observer, self.path, self.user_id = observer, root, user_id
        self.started_at, self.handed_over = datetime.now(UTC), 0
        for existing in await asyncio.to_thread(folder.scan, root):
            self._note(existing)
        self._settler = asyncio.create_task(self._settle())
        log.info("watch_started", path=str(root))

    async def stop(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            await asyncio.to_thread(observer.join, 5)
        if self._settler is not None:
            self._settler.cancel()
            await asyncio.gather(self._settler, return_exceptions=True)
            self._settler = None
        self._candidates.clear()
        log.info("watch_stopped", path=str(self.path))

    def status(self) -> dict[str, Any]:
        return {
            "running": self.running,
            "path": str(self.path) if self.path else None,
            "user_id": self.user_id,
            "started_at": self.started_at,
            "waiting": len(self._candidates),
            "handed_over": self.handed_over,
        }

    def _note(self, path: Path) -> None:
        try:
            stat = path.stat()
        except OSError:
            return
        self._candidates[path] = _Candidate(stat.st_size, stat.st_mtime_ns, time.monotonic())

    async def _settle(self) -> None:
        tick = max(min(self.settle_seconds / 4, 0.5), 0.02)
        while True:
            await asyncio.sleep(tick)
            for path in [p for p in list(self._candidates) if self._settled(p)]:
                self._candidates.pop(path, None)
                await self._hand_over(path)

    def _settled(self, path: Path) -> bool:
        candidate = self._candidates[path]
        try:
            stat = path.stat()
        except OSError:
            self._candidates.pop(path, None)
            return False
        if (stat.st_size, stat.st_mtime_ns) != (candidate.size, candidate.mtime_ns):
            self._candidates[path] = _Candidate(stat.st_size, stat.st_mtime_ns, time.monotonic())
            return False
        return time.monotonic() - candidate.since >= self.settle_seconds

    async def _hand_over(self, path: Path) -> None:
        assert self.path is not None and self.user_id is not None
        try:
            found = folder.found_file(path, root=self.path)
            if await self.service.add(self.user_id, found):
                self.handed_over += 1
                log.info("watch_file_queued", file=path.name)
        except Exception:
            log.exception("watch_file_refused", file=path.name)
