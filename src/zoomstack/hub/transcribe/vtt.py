"""Cues out as WebVTT, in Zoom's layout (numbered cues, `Speaker: text` when known)."""

from __future__ import annotations

from collections.abc import Iterable

from .engine import Cue


def timestamp(seconds: float) -> str:
    millis = max(round(seconds * 1000), 0)
    secs, millis = divmod(millis, 1000)
    minutes, secs = divmod(secs, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def write_vtt(cues: Iterable[Cue]) -> str:
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        line = f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text
        blocks.append(f"{number}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n{line}")
    return "\n\n".join(blocks) + "\n"
