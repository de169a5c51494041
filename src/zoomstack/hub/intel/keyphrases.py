"""The phrases a meeting keeps coming back to: frequent and specific words and word pairs."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from .cleanup import word_set
from .text import stem, stop_words, words

Gram = tuple[str, ...]
# Words too general to name a topic, though they recur in any meeting.
_GENERAL = word_set(
    """make made makes making put good bad feel thinking thought time times people person
    point points idea ideas talking talk talked number numbers bit work working worked
    thing things lot lots way ways kind sort stuff look looking need needs use used using
    come coming take taking give giving start started want wanted question questions
    problem problems part parts case cases sense fact course able different whole
    little big great nice fine better best question today yesterday week weeks year years
    day days minute minutes morning afternoon start end point also something someone
    everything anything everyone nothing hear heard tell told call called word words
    interesting main normal advanced basic simple easy hard important possible real actual"""
)
_PAIR_BONUS = 1.5  # a pair ("remote control") says more than either word alone
# A phrase must recur to be a theme: in 3 sentences, or 2 in a short meeting.
_MIN_DOCUMENTS = 3
_SHORT_MEETING_SENTENCES = 30


def keyphrases(texts: Sequence[str], count: int = 6) -> list[str]:
    """Up to `count` phrases, best first, no two sharing a stem, in their commonest spelling."""
    frequency, documents, spellings = _count_grams(texts)
    least = _MIN_DOCUMENTS if len(texts) >= _SHORT_MEETING_SENTENCES else 2
    scores = {
        gram: frequency[gram]
        * math.log(len(texts) / (1 + documents[gram]))
        * (_PAIR_BONUS if len(gram) == 2 else 1.0)
        for gram in frequency
        if documents[gram] >= least
    }
    chosen: list[Gram] = []
    for gram in sorted(scores, key=lambda g: (-scores[g], g)):
        if scores[gram] <= 0 or len(chosen) == count:
            break
        if not any(set(gram) & set(other) for other in chosen):
            chosen.append(gram)
    return [spellings[gram].most_common(1)[0][0] for gram in chosen]


def _count_grams(
    texts: Sequence[str],
) -> tuple[Counter[Gram], Counter[Gram], dict[Gram, Counter[str]]]:
    frequency: Counter[Gram] = Counter()
    documents: Counter[Gram] = Counter()
    spellings: dict[Gram, Counter[str]] = defaultdict(Counter)
    for text in texts:
        seen: set[Gram] = set()
        for gram, spelling in _grams(words(text)):
            frequency[gram] += 1
            spellings[gram][spelling] += 1
            seen.add(gram)
        documents.update(seen)
    return frequency, documents, spellings


def _grams(tokens: list[str]) -> list[tuple[Gram, str]]:
    stops = stop_words()
    keep = [len(token) > 2 and token not in stops and token not in _GENERAL for token in tokens]
    grams: list[tuple[Gram, str]] = []
    for i, token in enumerate(tokens):
        if not keep[i]:
            continue
        grams.append(((stem(token),), token))
        if i + 1 < len(tokens) and keep[i + 1]:
            grams.append(((stem(token), stem(tokens[i + 1])), f"{token} {tokens[i + 1]}"))
    return grams
