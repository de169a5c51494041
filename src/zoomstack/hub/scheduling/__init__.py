"""Scheduling from plain language: phrases to times, chat commands to intents, free slots."""

from .model import Attendee, When, WhenInputError, Window
from .when import parse_when

__all__ = ["Attendee", "When", "WhenInputError", "Window", "parse_when"]
