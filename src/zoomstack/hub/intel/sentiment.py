"""Sentiment per speaker with VADER, a lexicon made for short conversational text (offline)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from .models import Sentiment
from .text import Sentence

# VADER's own thresholds for calling a compound score positive or negative.
_POSITIVE = 0.05
_NEGATIVE = -0.05


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def compound(text: str) -> float:
    return float(_analyzer().polarity_scores(text)["compound"])


def by_speaker(sentences: Sequence[Sentence]) -> dict[str, Sentiment]:
    """Mean compound score of each speaker's sentences, with its label."""
    scores: dict[str, list[float]] = defaultdict(list)
    for sentence in sentences:
        scores[sentence.speaker].append(compound(sentence.text))
    return {speaker: _sentiment(values) for speaker, values in scores.items()}


def _sentiment(values: list[float]) -> Sentiment:
    mean = sum(values) / len(values) if values else 0.0
    return Sentiment(compound=round(mean, 3), label=label(mean))


def label(score: float) -> str:
    if score >= _POSITIVE:
        return "positive"
    if score <= _NEGATIVE:
        return "negative"
    return "neutral"
