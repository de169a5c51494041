"""Decisions: sentences where the group settles something ("we agreed to ship on the 5th")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .compress import compress
from .models import Decision
from .text import Sentence

_DECIDED = re.compile(
    r"\b(?:we(?:'ve|\s+have)?|they(?:'ve|\s+have)?|the\s+(?:team|group|committee|board))\s+"
    r"(?:all\s+)?(?:decided|agreed|settled|concluded|resolved|chose|opted)\b"
    r"|\b(?:it's|it\s+is|that's|that\s+is|this\s+is)\s+(?:decided|agreed|settled|final)\b"
    r"|\b(?:the|our|a|final)\s+decision\s+(?:is|was)\b|\bwe\s+have\s+a\s+decision\b"
    r"|\blet's\s+(?:go\s+(?:with|for|ahead)|stick\s+with|settle\s+on)\b"
    r"|\bwe(?:'ll|\s+will|'re\s+going\s+to|\s+are\s+going\s+to)\s+(?:go\s+(?:with|for)|stick\s+with)\b"
    r"|\b(?:agreed|decided)\s*[:\-]|\bconsensus\s+is\b|\bthe\s+motion\s+(?:is\s+)?carrie[sd]\b",
    re.I,
)
_UNDECIDED = re.compile(
    r"(?:\bnot|n't|\bnever|\byet\s+to)\s+(?:\w+\s+)?(?:decided?|agreed?|settled?|final)\b"
    r"|\bun(?:decided|resolved)\b"
    r"|\b(?:if|whether|unless|should|could|would|might|need\s+to|have\s+to|to)\s+(?:we\s+)?"
    r"(?:decide|agree|settle)\b",
    re.I,
)
_MAX_WORDS = 30


def decisions(sentences: Sequence[Sentence]) -> list[Decision]:
    """Every sentence that states a decision, in the order said."""
    return [
        Decision(text=compress(sentence.text, _MAX_WORDS), source=sentence.quote())
        for sentence in sentences
        if is_decision(sentence.text)
    ]


def is_decision(text: str) -> bool:
    text = text.strip()
    if text.endswith("?") or not _DECIDED.search(text):
        return False
    return not _UNDECIDED.search(text)
