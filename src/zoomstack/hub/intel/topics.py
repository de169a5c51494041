"""Split a meeting into topic segments by lexical cohesion (TextTiling, Hearst 1997).

A topic shift shows as a dip in word overlap between the sentences before and after a
gap; the deepest dips, kept apart by a minimum segment length, become the boundaries.
Windows slide one sentence at a time, so memory stays proportional to the window.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


def gap_similarities(documents: Sequence[Sequence[str]], window: int) -> list[float]:
    """Cosine similarity of the term counts of the `window` documents before and after
    each gap (gap g lies before document g; gap 0 has nothing before it and scores 1)."""
    n = len(documents)
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    for tokens in documents[:window]:
        after.update(tokens)
    similarities = [1.0]
    for gap in range(1, n):
        before.update(documents[gap - 1])
        after.subtract(documents[gap - 1])
        if gap - 1 - window >= 0:
            before.subtract(documents[gap - 1 - window])
        if gap + window - 1 < n:
            after.update(documents[gap + window - 1])
        similarities.append(_cosine(before, after))
    return similarities


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    small, large = (a, b) if len(a) < len(b) else (b, a)
    dot = sum(count * large[term] for term, count in small.items() if count > 0)
    norm = math.sqrt(sum(c * c for c in a.values()) * sum(c * c for c in b.values()))
    return dot / norm if norm else 1.0


def depth_scores(similarities: Sequence[float], window: int) -> list[float]:
    """How far each gap's similarity dips below the peaks on either side of it."""
    n = len(similarities)
    depths = [0.0] * n
    for gap in range(1, n - 1):
        left = max(similarities[max(1, gap - window) : gap + 1])
        right = max(similarities[gap : min(n, gap + window)])
        depths[gap] = left + right - 2 * similarities[gap]
    return depths


def boundaries(documents: Sequence[Sequence[str]], segments: int, window: int = 10) -> list[int]:
    """Start indexes of up to `segments` topic segments over documents (the first is 0)."""
    n = len(documents)
    segments = min(segments, n // 2)  # a short meeting has fewer topics
    if segments <= 1:
        return [0]
    depths = depth_scores(gap_similarities(documents, window), window)
    min_length = max(3, n // (segments * 2))
    chosen: list[int] = []
    for gap in sorted(range(n), key=lambda g: -depths[g]):
        if len(chosen) == segments - 1:
            break
        if min_length <= gap <= n - min_length and all(abs(gap - b) >= min_length for b in chosen):
            chosen.append(gap)
    return [0, *sorted(chosen)]


def split(items: Sequence[object], starts: list[int]) -> list[list[int]]:
    """Index lists of the segments that begin at `starts`."""
    ends = [*starts[1:], len(items)]
    return [list(range(start, end)) for start, end in zip(starts, ends, strict=True)]
