"""Errors of the meeting-intelligence engine.

IntelError
 ├── TranscriptError   the transcript cannot be read (not WebVTT, no cues, bad timing)
 └── EngineError       a summary engine failed (endpoint down, answer not understood)
"""

from __future__ import annotations


class IntelError(Exception):
    """Base of every error the engine raises."""


class TranscriptError(IntelError, ValueError):
    """The transcript is not a WebVTT file the engine can read."""


class EngineError(IntelError):
    """A summary engine could not produce a summary."""
