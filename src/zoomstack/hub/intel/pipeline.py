"""The whole pipeline: transcript in, insights out."""

from __future__ import annotations

import datetime as dt

from . import analytics, sentiment
from .actions import action_items
from .decisions import decisions
from .engines import SummaryEngine, engine_from_settings
from .models import Insights, Transcript
from .text import sentences as split_sentences
from .vtt import parse_vtt


def analyze(
    transcript: str | Transcript,
    *,
    meeting_date: dt.date | None = None,
    engine: SummaryEngine | None = None,
) -> Insights:
    """Insights of one meeting from its WebVTT text (or a parsed transcript).

    Due dates are resolved against meeting_date; without it they keep only their phrase.
    The summary engine defaults to the one IntelSettings names (offline extractive).
    Raises TranscriptError for a transcript it cannot read, EngineError when the engine fails.
    """
    parsed = parse_vtt(transcript) if isinstance(transcript, str) else transcript
    engine = engine or engine_from_settings()
    sentences = split_sentences(parsed)
    speakers = parsed.speakers
    return Insights(
        meeting_date=meeting_date,
        engine=engine.name,
        duration_seconds=round(parsed.duration, 3),
        speakers=speakers,
        turns=parsed.turns,
        summary=engine.summarize(parsed, sentences),
        decisions=decisions(sentences),
        action_items=action_items(sentences, speakers, meeting_date),
        participants=analytics.participants(parsed, sentences, sentiment.by_speaker(sentences)),
    )
