"""The default summary engine: offline, CPU only, no model.

It cleans the dialogue, scores each sentence by how much of the meeting's specific
vocabulary it carries, splits the meeting into topics and takes the best sentence of
each, shortened into a key point, under an overview naming who discussed what.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from . import topics
from .compress import compress
from .keyphrases import keyphrases
from .models import KeyPoint, Summary, Transcript
from .text import Sentence, content_stems

# Sentences about the speakers themselves ("I", "you") make poor summary points; each
# such pronoun costs this share of the score (tuned on QMSum's validation split). "We"
# is rewritten as "the team" (compress.third_person) and costs nothing.
_PRONOUN_PENALTY = 0.25
_PRONOUNS = re.compile(r"\b(?:i|you|me|my)\b")
_MIN_POINT_WORDS = 6
_WORDS_PER_POINT = 18
_OVERVIEW_SPEAKERS = 4
_OVERVIEW_PHRASES = 6


@dataclass(frozen=True)
class _Candidate:
    sentence: Sentence
    text: str
    stems: list[str]


@dataclass(frozen=True)
class ExtractiveEngine:
    """Topic-aware extractive summaries with dialogue cleanup and compression."""

    words: int = 150
    key_point_words: int = 20
    topic_window: int = 10
    name: str = "extractive"

    def summarize(self, transcript: Transcript, sentences: Sequence[Sentence]) -> Summary:
        candidates = self._candidates(sentences)
        overview = overview_sentence(transcript, [c.text for c in candidates])
        points = self._key_points(candidates, budget=self.words - len(overview.split()))
        return Summary(overview=overview, key_points=points)

    def _candidates(self, sentences: Sequence[Sentence]) -> list[_Candidate]:
        out = []
        for sentence in sentences:
            text = compress(sentence.text, self.key_point_words)
            if len(text.split()) >= _MIN_POINT_WORDS:
                out.append(_Candidate(sentence, text, content_stems(text)))
        return out

    def _key_points(self, candidates: list[_Candidate], budget: int) -> list[KeyPoint]:
        if not candidates:
            return []
        scores = salience([c.stems for c in candidates], [c.text for c in candidates])
        segments = max(1, self.words // _WORDS_PER_POINT)
        starts = topics.boundaries([c.stems for c in candidates], segments, self.topic_window)
        points: list[KeyPoint] = []
        used = 0
        for segment in topics.split(candidates, starts):
            if used >= budget:
                break
            best = candidates[max(segment, key=lambda i: scores[i])]
            points.append(KeyPoint(text=best.text, source=best.sentence.quote()))
            used += len(best.text.split())
        return points


def salience(stems: Sequence[Sequence[str]], texts: Sequence[str]) -> list[float]:
    """Per sentence: summed weight of its distinct terms (tf-idf over the meeting), damped
    by length so long sentences do not win by size alone, and by "I" and "you"."""
    documents = Counter(stem for tokens in stems for stem in set(tokens))
    frequency = Counter(stem for tokens in stems for stem in tokens)
    total = len(stems)
    weight = {
        term: (1 + math.log(count)) * max(0.0, math.log(total / (1 + documents[term])))
        for term, count in frequency.items()
    }
    scores = []
    for tokens, text in zip(stems, texts, strict=True):
        base = sum(weight[t] for t in set(tokens)) / (math.sqrt(len(tokens)) + 1)
        pronouns = len(_PRONOUNS.findall(text.lower()))
        scores.append(base * (1 - _PRONOUN_PENALTY) ** pronouns)
    return scores


def overview_sentence(transcript: Transcript, texts: Sequence[str]) -> str:
    """'Alice, Bob and Carol discussed the budget, hiring and the launch date.'"""
    talk = Counter(turn.speaker for turn in transcript.turns)
    speakers = [name for name, _ in talk.most_common(_OVERVIEW_SPEAKERS)]
    phrases = keyphrases(texts, _OVERVIEW_PHRASES)
    who = join_names(speakers) or "The participants"
    if not phrases:
        return f"{who} met."
    return f"{who} discussed {join_names(phrases)}."


def join_names(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
