"""Word tables shared by the grammars: numbers, weekdays, parts of the day."""

from __future__ import annotations

from datetime import time

NUMBER_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "half an": 0.5,
    "half a": 0.5,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
}

# Longest first, so "forty-five" wins over "forty" and "half an" over "an".
NUMBER_PATTERN = (
    r"(?:\d+(?:\.\d+)?|"
    + "|".join(sorted((w.replace(" ", r"\s+") for w in NUMBER_WORDS), key=len, reverse=True))
    + ")"
)


def number_value(word: str) -> float:
    """The value of a number written in digits or words (as NUMBER_PATTERN matched it)."""
    cleaned = " ".join(word.lower().split())
    if cleaned in NUMBER_WORDS:
        return NUMBER_WORDS[cleaned]
    return float(cleaned)


WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

WEEKDAY_PATTERN = r"(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]

# Where a part of the day begins and ends, as a meeting planner reads it.
PARTS_OF_DAY: dict[str, tuple[time, time]] = {
    "early morning": (time(7), time(9)),
    "first thing": (time(8), time(10)),
    "morning": (time(8), time(12)),
    "late morning": (time(10), time(12)),
    "midday": (time(11), time(14)),
    "breakfast": (time(7, 30), time(10)),
    "lunchtime": (time(11, 30), time(14)),
    "lunch": (time(11, 30), time(14)),
    "early afternoon": (time(12), time(15)),
    "afternoon": (time(12), time(17)),
    "late afternoon": (time(15), time(18)),
    "end of day": (time(16), time(18)),
    "end of the day": (time(16), time(18)),
    "eod": (time(16), time(18)),
    "after work": (time(17), time(20)),
    "evening": (time(17), time(21)),
    "dinner": (time(18), time(21)),
    "tonight": (time(18), time(22)),
    "night": (time(18), time(22)),
}

# Meals name both the meeting (kept in the topic) and the part of the day it happens in.
MEALS = frozenset({"breakfast", "lunch", "dinner"})

WORKING_DAY = (time(9), time(17))

DEFAULT_DURATION_MINUTES = 30

# Meetings whose kind implies a length when none is said.
DEFAULT_DURATIONS: dict[str, int] = {"lunch": 60, "dinner": 90, "breakfast": 60, "workshop": 120}
