"""Dialogue cleanup: drop annotation markers, fillers, stutters and backchannels.

Spoken transcripts are full of words that carry no content ("um", "you know", "I mean",
"the the"); left in, they crowd out content words in a summary and in action items.
"""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list, for the word lists below and elsewhere."""
    return frozenset(text.split())


# Annotation markers some corpora (AMI, ICSI) leave in the text: {vocalsound}, {disfmarker} ...
_MARKER = re.compile(r"\{[a-z_]+\}|\[[a-z _]+\]|\((?:laughs?|inaudible|crosstalk)\)", re.I)
_FILLER = re.compile(
    r"(?<![\w'])(?:u+h+m*|u+m+|h+m+|m+h*m+|e+r+m*|a+h+|mm-?hmm|uh-?huh|um-?hum)(?![\w'])[,.]?",
    re.I,
)
_HEDGE = re.compile(
    r"(?:,\s*|\b)(?:you know|i mean|sort of|kind of|like you know)(?:\s*,)?(?=\s)", re.I
)
# A word or a run of up to three words said again at once: "the the", "can you can you".
_STUTTER = re.compile(r"\b((?:\w+(?:'\w+)?\s+){0,2}\w+(?:'\w+)?)(?:\s*,?\s+\1\b(?!'))+", re.I)
_BROKEN = re.compile(r"\b\w+-\s+(?=\w)")  # "wh- what", "th- the"
# Some transcribers split clitics off their word: "we 'll", "do n't".
_CLITIC = re.compile(r"\s+('(?:ll|s|re|ve|d|m|t)\b|n't\b)", re.I)
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.?!;:])")
_REPEATED_PUNCT = re.compile(r"([,.?!;:])(?:\s*[,;:])+")
_LEADING_PUNCT = re.compile(r"^[\s,.;:!?-]+")

BACKCHANNELS = word_set(
    """yeah yes yep yup no nope okay ok right alright sure mm hmm mhm uh huh um uh oh ah
    so well and but good great cool fine true exactly really wow hi hello thanks thank
    you bye i see got it indeed absolutely definitely perhaps maybe agreed correct
    sorry pardon what that's it"""
)


def strip_markers(text: str) -> str:
    """Remove corpus annotation markers and squeeze whitespace."""
    return " ".join(_MARKER.sub(" ", text).split())


def clean(text: str) -> str:
    """Text without markers, fillers, hedges, stutters and broken-off words."""
    text = strip_markers(text)
    text = _FILLER.sub(" ", text)
    text = _HEDGE.sub(_hedge_gap, text)
    text = _BROKEN.sub("", text)
    text = _CLITIC.sub(r"\1", text)
    text = _STUTTER.sub(r"\1", text)
    return _tidy(text)


def _hedge_gap(match: re.Match[str]) -> str:
    """ ", you know," between two clauses leaves their comma; elsewhere a space."""
    hedge = match.group(0).strip()
    return ", " if hedge.startswith(",") and hedge.endswith(",") else " "


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _REPEATED_PUNCT.sub(r"\1", text)
    text = _CLITIC.sub(r"\1", text)
    return _LEADING_PUNCT.sub("", text).strip()


def is_backchannel(text: str) -> bool:
    """True for an utterance made only of acknowledgement words ("yeah, okay, right")."""
    words = re.findall(r"[a-z']+", text.lower())
    return len(words) <= 6 and all(word in BACKCHANNELS for word in words)
