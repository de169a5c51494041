"""Shorten a spoken sentence into a key point: drop discourse openers, keep the first clause."""

from __future__ import annotations

import re

_OPENERS = re.compile(
    r"^(?:(?:so|and|but|well|yeah|yes|okay|ok|right|now|then|also|because|or|oh|alright|"
    r"actually|basically|anyway|i think|i guess|i suppose|i'd say|you see|i mean)\b,?\s*)+",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"\s*(?:—|--|;|\s-\s)\s*")
_ENDS_SENTENCE = (".", "?", "!", "…")


def drop_openers(text: str) -> str:
    """'So, yeah, the budget is fixed' -> 'The budget is fixed'."""
    text = _OPENERS.sub("", text).strip()
    return text[:1].upper() + text[1:]


def shorten(text: str, max_words: int) -> str:
    """At most max_words words: the first clause, cut at a comma or, failing that, hard."""
    if len(text.split()) <= max_words:
        return text
    head = _CLAUSE_BREAK.split(text)[0]
    if len(head.split()) <= max_words:
        return _close(head)
    cut = " ".join(head.split()[:max_words])
    comma = cut.rfind(",")
    if comma > len(cut) // 2:
        return _close(cut[:comma])
    return cut.rstrip(",;: ") + "…"


def compress(text: str, max_words: int) -> str:
    return shorten(drop_openers(text), max_words)


def _close(text: str) -> str:
    text = text.rstrip(",;: ")
    return text if text.endswith(_ENDS_SENTENCE) else text + "."
