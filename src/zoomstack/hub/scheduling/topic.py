"""What is left of a phrase once times, lengths and people are taken: the meeting's topic."""

from __future__ import annotations

import re

_LEAD = re.compile(
    r"^(?:(?:please|pls|hey|ok|okay|can\s+you|could\s+you|would\s+you|let'?s|we\s+should|"
    r"i\s+want\s+to|i'?d\s+like\s+to|i\s+need\s+to|need\s+to)\s+)*"
    r"(?:schedule|book|set\s+up|setup|arrange|plan|organi[sz]e|add|create|put|make|move|"
    r"reschedule|push|shift|change|hold|have|do)\b(?:\s+(?:it|this|that|my|our|the)\b)?",
    re.IGNORECASE,
)
_EDGE_WORDS = {
    "at", "on", "for", "with", "and", "to", "from", "in", "the", "a", "an", "sometime",
    "around", "about", "by", "of", "between", "starting", "until", "till", "next", "this",
    "every", "please", "or", "also", "then", "time", "some", "same", "maybe", "ish", "&", "@",
}  # fmt: skip
_GENERIC = {"meeting", "meetings", "event", "appointment", "something", "it", "one", "slot"}
_PUNCTUATION = re.compile(r"^[\W_]+$")


def clean_topic(rest: str) -> str | None:
    """The topic from the words no grammar took, or None when nothing meaningful is left."""
    text = _LEAD.sub("", rest.strip())
    words = [w.strip(",;:!?.") for w in text.split()]
    words = [w for w in words if w and not _PUNCTUATION.match(w)]
    while words and words[0].lower() in _EDGE_WORDS:
        words.pop(0)
    while words and words[-1].lower() in _EDGE_WORDS:
        words.pop()
    topic = " ".join(words)
    return None if not topic or topic.lower() in _GENERIC else topic
