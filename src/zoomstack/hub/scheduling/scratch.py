"""A phrase being taken apart: each grammar blanks what it understood, the rest is the topic."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator


class Scratch:
    """The working copy of a phrase. Taking a span blanks it with spaces, so spans keep their places."""

    def __init__(self, text: str) -> None:
        self.text = text

    def take(self, start: int, end: int) -> str:
        taken = self.text[start:end]
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]
        return taken

    def take_match(self, match: re.Match[str]) -> str:
        return self.take(match.start(), match.end())

    def matches(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches on the current text; each is taken only if the caller takes it."""
        return pattern.finditer(self.text)

    def first(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.search(self.text)

    def rewrite(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> None:
        """Rewrites phrasings into the ones the date library knows (lengths may change)."""
        self.text = pattern.sub(replace, self.text)

    def rest(self) -> str:
        return " ".join(self.text.split())
