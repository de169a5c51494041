"""How a sync item becomes a recording row: its file name, type, content type, meeting."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath

from ..db.sync_models import SyncItem
from ..errors import HubError
from ..recordings.service import RecordingInfo
from ..recordings.validation import KINDS, sanitize_filename
from .cloud import CLOUD
from .folder import FOLDER

__all__ = ["CLOUD", "FOLDER", "is_transcript", "recording_info"]

# Zoom's file_extension values and the types the hub serves them with.
CLOUD_CONTENT_TYPES = {
    "MP4": "video/mp4",
    "M4A": "audio/mp4",
    "VTT": "text/vtt",
    "TXT": "text/plain; charset=utf-8",
    "JSON": "application/json",
    "CSV": "text/csv",
}
GENERIC_TYPE = "application/octet-stream"


def is_transcript(item: SyncItem) -> bool:
    if item.source == CLOUD:
        return item.details.get("file_type") in ("TRANSCRIPT", "CC")
    return PurePath(item.details.get("file_name", "")).suffix.lower() == ".vtt"


def _start(item: SyncItem) -> datetime | None:
    value = item.details.get("start")
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _safe_name(raw: str, fallback: str) -> str:
    try:
        return sanitize_filename(raw)
    except HubError:
        return fallback


def _cloud_name(item: SyncItem, start: datetime | None) -> str:
    details = item.details
    extension = str(details.get("file_extension") or "bin").lower()
    when = start.strftime("%Y-%m-%d %H.%M.%S ") if start else ""
    kind = details.get("recording_type") or str(details.get("file_type", "")).lower()
    if details.get("speaker"):
        kind = f"{details['speaker']} audio"
    raw = f"{when}{details.get('topic') or 'Zoom meeting'} {kind}.{extension}"
    return _safe_name(raw, f"{item.external_id}.{extension}")


def recording_info(item: SyncItem) -> RecordingInfo:
    """The recording row's description of the item's file."""
    details, start = item.details, _start(item)
    if item.source == CLOUD:
        extension = str(details.get("file_extension") or "").upper()
        file_name = _cloud_name(item, start)
        file_type = str(details.get("file_type") or extension or "FILE")
        content_type = CLOUD_CONTENT_TYPES.get(extension, GENERIC_TYPE)
        url = details.get("download_url")
        speaker = str(details["speaker"])[:200] if details.get("speaker") else None
    else:
        file_name = _safe_name(str(details.get("file_name", "")), f"{item.id}.bin")
        suffix = PurePath(file_name).suffix.lower()
        file_type = suffix.lstrip(".").upper() or "FILE"
        content_type = KINDS[suffix].content_type if suffix in KINDS else GENERIC_TYPE
        url = None
        speaker = None
    return RecordingInfo(
        file_name=file_name,
        file_type=file_type,
        content_type=content_type,
        source=item.source,
        external_id=item.external_id,
        meeting_id=details.get("meeting_id"),
        meeting_uuid=details.get("meeting_uuid"),
        meeting_title=str(details.get("topic") or "")[:300],
        file_url=url,
        meeting_start=start,
        speaker=speaker,
    )
