"""Cloud recording sync and the local folder watcher, run as jobs on the hub's engine."""

from . import items
from .background import Background, connect_zoom
from .items import FoundFile
from .service import FETCH_JOB, LIST_JOB, SyncError, SyncService, default_window
from .watcher import FolderWatcher, WatchError

__all__ = [
    "FETCH_JOB",
    "LIST_JOB",
    "Background",
    "FolderWatcher",
    "FoundFile",
    "SyncError",
    "SyncService",
    "WatchError",
    "connect_zoom",
    "default_window",
    "items",
]
