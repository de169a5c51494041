"""Transcription in the hub: audio without a transcript in, WebVTT out, offline on CPU.

Names are imported on first use, so that importing `zoomstack.hub.transcribe.cli`
(every `zoomstack` command does) leaves the hub's services and the speech stack out.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .service import TRANSCRIBE_JOB, TranscribeService, has_audio

__all__ = ["TRANSCRIBE_JOB", "TranscribeService", "has_audio"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(".service", __name__), name)
