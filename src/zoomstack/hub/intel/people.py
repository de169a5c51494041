"""Who a sentence names: match 'Alice' or 'alice' to the speaker label 'Alice Smith'."""

from __future__ import annotations

import re
from collections.abc import Sequence

_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|professor|hon)\.?\s+", re.I)


def first_names(speakers: Sequence[str]) -> dict[str, str]:
    """Lower-case full label and given name -> speaker label ('alice' -> 'Alice Smith')."""
    names: dict[str, str] = {}
    for speaker in speakers:
        names.setdefault(speaker.lower(), speaker)
    for speaker in speakers:
        bare = _TITLE.sub("", speaker).split()
        if bare:
            names.setdefault(bare[0].lower(), speaker)
    return names


def resolve(name: str, speakers: Sequence[str]) -> str:
    """The speaker label a name refers to, or the name itself when no speaker matches."""
    return first_names(speakers).get(name.lower().strip(), name.strip())


def known(name: str, speakers: Sequence[str]) -> bool:
    return name.lower().strip() in first_names(speakers)
