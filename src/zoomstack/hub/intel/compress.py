"""Turn a spoken sentence into a key point: third person, no discourse openers, first clause."""

from __future__ import annotations

import re

_OPENERS = re.compile(
    r"^(?:(?:so|and|but|well|yeah|yes|okay|ok|right|now|then|also|because|or|oh|alright|"
    r"actually|basically|anyway|i think|i guess|i suppose|i'd say|you see|i mean)\b,?\s*)+",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"\s*(?:—|--|;|\s-\s)\s*")
_ENDS_SENTENCE = (".", "?", "!", "…")
_GROUP = "the team"
# "we" in a meeting is the people meeting; a summary says so in the third person.
_FIRST_PERSON_PLURAL = [
    (re.compile(r"\bwe're\b", re.I), f"{_GROUP} are"),
    (re.compile(r"\bwe've\b", re.I), f"{_GROUP} have"),
    (re.compile(r"\bwe'll\b", re.I), f"{_GROUP} will"),
    (re.compile(r"\bwe'd\b", re.I), f"{_GROUP} would"),
    (re.compile(r"\bwe\b", re.I), _GROUP),
    (re.compile(r"\bour\b", re.I), f"{_GROUP}'s"),
    (re.compile(r"\bus\b"), _GROUP),  # lower case only: "US" is a country
]


def drop_openers(text: str, capitalize: bool = True) -> str:
    """'So, yeah, the budget is fixed' -> 'The budget is fixed'."""
    text = _OPENERS.sub("", text).strip()
    return text[:1].upper() + text[1:] if capitalize else text


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


def third_person(text: str) -> str:
    """'We've agreed on our budget' -> 'The team have agreed on the team's budget'."""
    for pattern, replacement in _FIRST_PERSON_PLURAL:
        text = pattern.sub(replacement, text)
    return text[:1].upper() + text[1:]


def compress(text: str, max_words: int) -> str:
    return shorten(third_person(drop_openers(text)), max_words)


def _close(text: str) -> str:
    text = text.rstrip(",;: ")
    return text if text.endswith(_ENDS_SENTENCE) else text + "."
