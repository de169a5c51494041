"""Split a meeting into topic segments by lexical cohesion (TextTiling, Hearst 1997).

A topic shift shows as a dip in word overlap between the sentences before and after a
gap; the deepest dips, kept apart by a minimum segment length, become the boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]


def term_matrix(documents: Sequence[Sequence[str]]) -> Matrix:
    """Rows: documents; columns: terms; cells: counts."""
    vocabulary: dict[str, int] = {}
    for tokens in documents:
        for token in tokens:
            vocabulary.setdefault(token, len(vocabulary))
    matrix = np.zeros((len(documents), max(1, len(vocabulary))))
    for row, tokens in enumerate(documents):
        for token in tokens:
            matrix[row, vocabulary[token]] += 1
    return matrix


def gap_similarities(matrix: Matrix, window: int) -> Matrix:
    """Cosine similarity between the `window` rows before and after each gap."""
    n = matrix.shape[0]
    sums = np.vstack([np.zeros((1, matrix.shape[1])), np.cumsum(matrix, axis=0)])
    similarities = np.ones(n)
    for gap in range(1, n):
        before = sums[gap] - sums[max(0, gap - window)]
        after = sums[min(n, gap + window)] - sums[gap]
        norm = float(np.linalg.norm(before) * np.linalg.norm(after))
        similarities[gap] = float(before @ after) / norm if norm else 1.0
    return similarities


def depth_scores(similarities: Matrix, window: int) -> Matrix:
    """How far each gap's similarity dips below the peaks on either side of it."""
    n = len(similarities)
    depths = np.zeros(n)
    for gap in range(1, n - 1):
        left = similarities[max(1, gap - window) : gap + 1].max()
        right = similarities[gap : min(n, gap + window)].max()
        depths[gap] = left + right - 2 * similarities[gap]
    return depths


def boundaries(documents: Sequence[Sequence[str]], segments: int, window: int = 10) -> list[int]:
    """Start indexes of `segments` topic segments over documents (the first is 0)."""
    n = len(documents)
    segments = min(segments, n // 2)  # a short meeting has fewer topics
    if segments <= 1:
        return [0]
    depths = depth_scores(gap_similarities(term_matrix(documents), window), window)
    min_length = max(3, n // (segments * 2))
    chosen: list[int] = []
    for gap in (int(g) for g in np.argsort(-depths, kind="stable")):
        if len(chosen) == segments - 1:
            break
        if min_length <= gap <= n - min_length and all(abs(gap - b) >= min_length for b in chosen):
            chosen.append(gap)
    return [0, *sorted(chosen)]


def split(items: Sequence[object], starts: list[int]) -> list[list[int]]:
    """Index lists of the segments that begin at `starts`."""
    ends = [*starts[1:], len(items)]
    return [list(range(start, end)) for start, end in zip(starts, ends, strict=True)]
