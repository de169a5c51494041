"""Meeting intelligence: summaries, decisions, action items and analytics from transcripts.

A pure library: no web, no database. `analyze(vtt_text, meeting_date=...)` does it all.
Names are imported on first use, so that `zoomstack --help` and the CLI stay quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .due import find_due_phrase, resolve_due
    from .engines import SummaryEngine, engine_from_settings
    from .errors import EngineError, IntelError, TranscriptError
    from .extractive import ExtractiveEngine
    from .models import (
        ActionItem,
        Cue,
        Decision,
        Insights,
        KeyPoint,
        ParticipantStats,
        Quote,
        Sentiment,
        Summary,
        Transcript,
        Turn,
    )
    from .openai_engine import OpenAICompatibleEngine
    from .pipeline import analyze
    from .settings import EngineName, IntelSettings
    from .vtt import parse_vtt

__all__ = [
    "ActionItem",
    "Cue",
    "Decision",
    "EngineError",
    "EngineName",
    "ExtractiveEngine",
    "Insights",
    "IntelError",
    "IntelSettings",
    "KeyPoint",
    "OpenAICompatibleEngine",
    "ParticipantStats",
    "Quote",
    "Sentiment",
    "Summary",
    "SummaryEngine",
    "Transcript",
    "TranscriptError",
    "Turn",
    "analyze",
    "engine_from_settings",
    "find_due_phrase",
    "parse_vtt",
    "resolve_due",
]

_MODULES = {
    "ActionItem": ".models",
    "Cue": ".models",
    "Decision": ".models",
    "EngineError": ".errors",
    "EngineName": ".settings",
    "ExtractiveEngine": ".extractive",
    "Insights": ".models",
    "IntelError": ".errors",
    "IntelSettings": ".settings",
    "KeyPoint": ".models",
    "OpenAICompatibleEngine": ".openai_engine",
    "ParticipantStats": ".models",
    "Quote": ".models",
    "Sentiment": ".models",
    "Summary": ".models",
    "SummaryEngine": ".engines",
    "Transcript": ".models",
    "TranscriptError": ".errors",
    "Turn": ".models",
    "analyze": ".pipeline",
    "engine_from_settings": ".engines",
    "find_due_phrase": ".due",
    "parse_vtt": ".vtt",
    "resolve_due": ".due",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULES[name], __name__), name)
