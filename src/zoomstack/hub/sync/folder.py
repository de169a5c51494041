"""Zoom's local recordings folder: which files count, and what their folder names say.

Zoom saves each local recording in a folder named `YYYY-MM-DD HH.MM.SS Topic[ MeetingID]`
(local time), holding files such as `video1234567890.mp4`, `audio1234567890.m4a` and
`closed_caption.vtt`. The meeting's title, start and id are read from that name.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from .items import FoundFile

FOLDER = "folder"
EXTENSIONS = frozenset({".mp4", ".m4a", ".mp3", ".wav", ".webm", ".vtt"})
_FOLDER_NAME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2}) (\d{2})\.(\d{2})\.(\d{2}) (.+?)(?: (\d{9,12}))?$"
)


def wanted(path: Path) -> bool:
    """A recording or transcript, not a hidden or partial file."""
    return path.suffix.lower() in EXTENSIONS and not path.name.startswith((".", "~"))


def meeting_of(folder_name: str) -> tuple[str, datetime | None, str | None]:
    """(title, start, meeting id) from a folder name; (name, None, None) when not Zoom's."""
    match = _FOLDER_NAME.match(folder_name.strip())
    if match is None:
        return folder_name, None, None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        start = datetime(year, month, day, hour, minute, second).astimezone()
    except ValueError:
        return folder_name, None, None
    return match.group(7).strip(), start, match.group(8)


def found_file(path: Path, *, root: Path) -> FoundFile:
    """A watched file as a sync item; `path` must exist."""
    stat = path.stat()
    parent = path.parent.name if path.parent != root else path.stem
    title, start, meeting_id = meeting_of(parent)
    details: dict[str, Any] = {
        "path": str(path),
        "file_name": path.name,
        "mtime_ns": stat.st_mtime_ns,
        "topic": title,
        "start": start.isoformat() if start else None,
        "meeting_id": meeting_id,
    }
    fingerprint = f"{stat.st_size}:{stat.st_mtime_ns}"
    return FoundFile(FOLDER, str(path), stat.st_size, details, fingerprint)


def scan(root: Path) -> list[Path]:
    """Every wanted file under `root`, oldest first."""
    if not root.is_dir():
        return []
    files = [p for p in root.rglob("*") if p.is_file() and wanted(p)]
    return sorted(files, key=lambda p: p.stat().st_mtime_ns)
