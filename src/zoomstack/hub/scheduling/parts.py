"""Parts of the day ("morning", "this afternoon", "at lunch", "end of day") become windows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from .lexicon import MEALS, PARTS_OF_DAY
from .scratch import Scratch

_PART = re.compile(
    r"\b(?P<lead>(?:in\s+the|this|at|over|during|around|by)\s+)?(?P<part>"
    + "|".join(p.replace(" ", r"\s+") for p in sorted(PARTS_OF_DAY, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PartOfDay:
    """A named stretch of a day; `today` when the words themselves say so ("this morning")."""

    name: str
    begins: time
    ends: time
    today: bool


def take_part(scratch: Scratch) -> PartOfDay | None:
    """The first part of the day the phrase names, taken out of the scratch (meal words stay,
    as they also say what the meeting is)."""
    match = scratch.first(_PART)
    if match is None:
        return None
    name = " ".join(match["part"].lower().split())
    lead = " ".join((match["lead"] or "").lower().split())
    if name in MEALS and not lead:
        scratch.take(match.start("part"), match.start("part"))
    else:
        scratch.take_match(match)
    begins, ends = PARTS_OF_DAY[name]
    return PartOfDay(name, begins, ends, today=lead == "this" or name == "tonight")
