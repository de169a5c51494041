"""How sure a reading is, by what it rests on. The figures are checked against the dev split of
bench/data/when_phrases.jsonl (bench/when_eval.py reports the Brier score on the test split)."""

from __future__ import annotations

from enum import Enum

from .reading import Reading


class Basis(Enum):
    """What a reading rests on, from firmest to vaguest."""

    exact = 0.95  # a day and a time, said outright
    offset = 0.9  # "in two hours"
    recurring = 0.9  # a rule and a time
    time_only = 0.85  # a time, today or tomorrow
    assumed_meridiem = 0.7  # "at 4": read as 4pm
    part_of_day = 0.5  # "Thursday afternoon": a window
    recurring_untimed = 0.45  # "every Monday": a window on the first one
    day_only = 0.4  # "sometime Friday"
    week = 0.25  # "next week"


def confidence(basis: Basis, reading: Reading) -> float:
    """The basis's figure, lowered when digits were left unread (something may have been missed)."""
    value = basis.value
    if reading.leftover_digits:
        value *= 0.8
    return round(value, 2)
