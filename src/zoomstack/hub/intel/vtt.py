"""Read a WebVTT transcript (Zoom's layout: cue number, timing, `Speaker: text`) into turns."""

from __future__ import annotations

import re

import webvtt
from webvtt.errors import MalformedFileError

from .errors import TranscriptError
from .models import Cue, Transcript, Turn

UNKNOWN_SPEAKER = "Unknown speaker"
# Zoom writes "Name: text"; a label is short and never holds sentence punctuation.
_LABEL = re.compile(r"^\s*([^:?!\n]{1,80}?)\s*:\s+(.*)$", re.DOTALL)
_TIMESTAMP = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})$")
_TAG = re.compile(r"<[^>]+>")


def parse_vtt(text: str) -> Transcript:
    """Parse WebVTT text; raise TranscriptError saying what is wrong when it cannot."""
    text = text.lstrip("\ufeff")
    if not text.lstrip().startswith("WEBVTT"):
        raise TranscriptError("not a WebVTT transcript: the first line must be 'WEBVTT'")
    try:
        captions = webvtt.from_string(text).captions
    except MalformedFileError as exc:
        raise TranscriptError(f"malformed WebVTT transcript: {exc}") from exc
    _check_timings(text, len(captions))
    cues = [cue for cue in (_to_cue(caption) for caption in captions) if cue.text]
    if not cues:
        raise TranscriptError("the WebVTT transcript has no cues with text")
    return Transcript(cues=cues, turns=merge_turns(cues))


def _check_timings(text: str, parsed: int) -> None:
    """webvtt-py skips cues whose timing line it cannot read; say which one instead."""
    timing_lines = [line.strip() for line in text.splitlines() if "-->" in line]
    if len(timing_lines) == parsed:
        return
    for number, line in enumerate(timing_lines, 1):
        start, _, rest = line.partition("-->")
        end = rest.split()[0] if rest.split() else ""
        if not (_TIMESTAMP.match(start.strip()) and _TIMESTAMP.match(end)):
            raise TranscriptError(f"cue {number} has a bad timing line: {line!r}")
    raise TranscriptError("malformed WebVTT transcript: some cues could not be read")


def _to_cue(caption: webvtt.Caption) -> Cue:
    start, end = seconds(caption.start), seconds(caption.end)
    if end < start:
        raise TranscriptError(f"cue at {caption.start} ends before it starts ({caption.end})")
    speaker, body = _split_speaker(caption)
    return Cue(speaker=speaker, start=start, end=end, text=body)


def _split_speaker(caption: webvtt.Caption) -> tuple[str, str]:
    body = " ".join(_TAG.sub("", caption.text).split())
    if caption.voice:
        return caption.voice.strip(), body
    match = _LABEL.match(body)
    if match and len(match.group(1).split()) <= 8:
        return match.group(1).strip(), match.group(2).strip()
    return UNKNOWN_SPEAKER, body


def seconds(timestamp: str) -> float:
    """'01:02:03.456' or '02:03.456' -> seconds."""
    match = _TIMESTAMP.match(timestamp.strip())
    if not match:
        raise TranscriptError(f"bad cue timestamp {timestamp!r}")
    hours, minutes, secs, millis = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + secs + millis / 1000


def merge_turns(cues: list[Cue]) -> list[Turn]:
    """Consecutive cues of the same speaker make one turn."""
    turns: list[Turn] = []
    for cue in cues:
        if turns and turns[-1].speaker == cue.speaker:
            last = turns[-1]
            last.text = f"{last.text} {cue.text}"
            last.end = max(last.end, cue.end)
            continue
        turns.append(
            Turn(index=len(turns), speaker=cue.speaker, start=cue.start, end=cue.end, text=cue.text)
        )
    return turns
