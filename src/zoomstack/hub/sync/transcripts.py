"""The text of a WebVTT transcript, as kept in `recordings.transcription_text`."""

from __future__ import annotations

import structlog

from ..intel.errors import TranscriptError
from ..intel.vtt import parse_vtt

log = structlog.get_logger("zoomstack.hub.sync")


def transcript_text(data: bytes) -> str:
    """One `Speaker: words` line per turn; the raw text when it is not valid WebVTT."""
    text = data.decode("utf-8", errors="replace")
    try:
        transcript = parse_vtt(text)
    except TranscriptError as exc:
        log.warning("transcript_unreadable", reason=str(exc))
        return text
    return "\n".join(f"{turn.speaker}: {turn.text}" for turn in transcript.turns)
