"""A phrase taken apart by the grammars, in the order that keeps them from stealing each
other's words (offsets before lengths before recurrence before days before clock times)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .attendees import take_attendees
from .clock import ClockReading, normalize, take_clock
from .days import DayRef, take_days
from .durations import Offset, take_duration, take_offset
from .model import Attendee
from .parts import PartOfDay, take_part
from .recurrence import Recurrence, take_recurrence
from .scratch import Scratch
from .topic import clean_topic
from .zones import take_zone

_LONE_NUMBER = re.compile(r"(?<![\w.])\d{1,2}(?::\d{2})?(?![\w.])")
# Longer text is not a scheduling request; reading it whole would only cost time.
MAX_TEXT = 1000


@dataclass(frozen=True)
class Reading:
    """Everything the grammars found in one phrase, before it is resolved against `now`."""

    attendees: list[Attendee]
    offset: Offset | None
    duration: int | None
    recurrence: Recurrence | None
    zone: str | None
    days: list[DayRef]
    part: PartOfDay | None
    clock: ClockReading
    topic: str | None
    leftover_digits: bool


def read(text: str, now: datetime, past: bool = False) -> Reading:
    """Take the phrase apart; `now` is local to the phrase's time zone."""
    scratch = Scratch(text[:MAX_TEXT])
    attendees = take_attendees(scratch)
    normalize(scratch)
    offset = take_offset(scratch)
    duration = take_duration(scratch)
    recurrence = take_recurrence(scratch, now)
    zone = take_zone(scratch)
    days = take_days(scratch, now.date(), past)
    part = take_part(scratch)
    clock = take_clock(scratch, now)
    rest = scratch.rest()
    return Reading(
        attendees,
        offset,
        duration,
        recurrence,
        zone,
        days,
        part,
        clock,
        clean_topic(rest),
        bool(_LONE_NUMBER.search(rest)),
    )
