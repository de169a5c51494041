"""Meeting intelligence: summaries, decisions, action items and analytics from transcripts.

A pure library: no web, no database. `analyze(vtt_text, meeting_date=...)` does it all.
"""

from __future__ import annotations

from .analyze import analyze
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
