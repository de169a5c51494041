"""Sentences of a transcript, and the content words the engines compare them by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from .cleanup import clean, is_backchannel, strip_markers
from .models import Quote, Transcript, Turn

_WORD = re.compile(r"[a-z][a-z'-]*")
# Conversation words that carry no topic, on top of sumy's English stop list.
_SPOKEN_STOP_WORDS = frozenset(
    [
        "yeah",
        "okay",
        "ok",
        "gonna",
        "wanna",
        "gotta",
        "um",
        "uh",
        "mm",
        "hmm",
        "mm-hmm",
        "just",
        "like",
        "think",
        "know",
        "thing",
        "things",
        "actually",
        "really",
        "right",
        "well",
        "mean",
        "sort",
        "kind",
        "probably",
        "maybe",
        "lot",
        "sure",
        "stuff",
        "guess",
        "want",
        "got",
        "get",
        "say",
        "said",
        "go",
        "going",
        "mm-hmm",
    ]
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a turn: as spoken (`raw`) and cleaned of fillers (`text`)."""

    turn: int
    speaker: str
    start: float
    raw: str
    text: str

    def quote(self) -> Quote:
        return Quote(speaker=self.speaker, start=round(self.start, 3), text=self.raw)


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("english")) | _SPOKEN_STOP_WORDS


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer:
    return Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer()(word))


def words(text: str) -> list[str]:
    """Lower-case word tokens."""
    return _WORD.findall(text.lower())


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning: no stop words, no short words."""
    stops = stop_words()
    return [stem(word) for word in words(text) if word not in stops and len(word) > 2]


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _segmenter().segment(text) if part.strip()]


def sentences(transcript: Transcript) -> list[Sentence]:
    """Every sentence of every turn that says something (backchannels left out)."""
    return [sentence for turn in transcript.turns for sentence in _turn_sentences(turn)]


def _turn_sentences(turn: Turn) -> list[Sentence]:
    text = strip_markers(turn.text)
    if not text or is_backchannel(text):
        return []
    parts = split_sentences(text)
    total = sum(len(part.split()) for part in parts) or 1
    out: list[Sentence] = []
    offset = 0
    for part in parts:
        # Cues are coarser than sentences: place each sentence by its share of the words.
        start = turn.start + turn.duration * offset / total
        offset += len(part.split())
        cleaned = clean(part)
        if cleaned:
            out.append(Sentence(turn.index, turn.speaker, start, part, cleaned))
    return out
