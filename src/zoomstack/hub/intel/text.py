"""Sentences of a transcript, and the content words the engines compare them by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from .cleanup import clean, is_backchannel, strip_markers, word_set
from .models import Cue, Quote, Transcript, Turn

_WORD = re.compile(r"[a-z][a-z'-]*")
# Conversation words that carry no topic, on top of sumy's English stop list.
_SPOKEN_STOP_WORDS = word_set(
    """yeah okay ok gonna wanna gotta um uh mm hmm mm-hmm just like think know thing
    things actually really right well mean sort kind probably maybe lot sure stuff
    guess want got get say said go going mm-hmm"""
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
    groups = _cues_by_turn(transcript.cues)
    return [
        sentence
        for turn, cues in zip(transcript.turns, groups, strict=True)
        for sentence in _turn_sentences(turn, cues)
    ]


def _cues_by_turn(cues: list[Cue]) -> list[list[Cue]]:
    """The cues of each turn (turns are runs of one speaker's cues)."""
    groups: list[list[Cue]] = []
    for cue in cues:
        if groups and groups[-1][0].speaker == cue.speaker:
            groups[-1].append(cue)
        else:
            groups.append([cue])
    return groups


def _turn_sentences(turn: Turn, cues: list[Cue]) -> list[Sentence]:
    pieces = [strip_markers(cue.text) for cue in cues]
    text = " ".join(pieces)
    if not text.strip() or is_backchannel(text):
        return []
    out: list[Sentence] = []
    position = 0
    for part in split_sentences(text):
        position = max(position, text.find(part, position))
        cleaned = clean(part)
        if cleaned:
            start = _time_at(position, pieces, cues)
            out.append(Sentence(turn.index, turn.speaker, start, part, cleaned))
        position += len(part)
    return out


def _time_at(position: int, pieces: list[str], cues: list[Cue]) -> float:
    """When the character at `position` of the joined cue texts was said: its cue's start,
    plus its share of that cue's characters of the cue's duration."""
    offset = 0
    for piece, cue in zip(pieces, cues, strict=True):
        if position < offset + len(piece) + 1:
            share = (position - offset) / max(1, len(piece))
            return round(cue.start + (cue.end - cue.start) * min(1.0, share), 3)
        offset += len(piece) + 1
    return cues[-1].start
