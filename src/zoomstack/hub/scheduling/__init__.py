"""Scheduling from plain language: phrases to times, chat commands to intents, free slots."""

from .intents import Intent, IntentKind, parse_intent
from .model import Attendee, When, WhenInputError, Window
from .references import MeetingRef
from .slots import (
    Conflict,
    Interval,
    Slot,
    WorkingHours,
    find_conflicts,
    outside_working_hours,
    suggest_slots,
)
from .when import parse_when

__all__ = [
    "Attendee",
    "Conflict",
    "Intent",
    "IntentKind",
    "Interval",
    "MeetingRef",
    "Slot",
    "When",
    "WhenInputError",
    "Window",
    "WorkingHours",
    "find_conflicts",
    "outside_working_hours",
    "parse_intent",
    "parse_when",
    "suggest_slots",
]
