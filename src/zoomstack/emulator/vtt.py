"""WebVTT the way Zoom's cloud transcripts write it, and a reader for any WebVTT file.

Zoom's TRANSCRIPT files number every cue and put the speaker's name before the text:

    WEBVTT

    1
    00:00:16.350 --> 00:00:18.720
    Alice Smith: Good morning, everyone.

Reading goes through webvtt-py, so files from other tools (voice tags, NOTE and
STYLE blocks, multi-line cues, cues without numbers) read as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

# "Name: text" where the name is a few words with no sentence punctuation; this keeps
# "Note: ..." style text from turning into a speaker only when it would also be odd.
_SPEAKER = re.compile(r"^(?P<name>[^\W\d][^:.?!]{0,79}?):\s+(?P<text>.+)$", re.DOTALL)
_MAX_NAME_WORDS = 6


class VTTError(ValueError):
    """The text is not WebVTT."""


@dataclass(frozen=True, slots=True)
class Cue:
    start: float  # seconds from the start of the recording
    end: float
    speaker: str  # "" when the cue names no one
    text: str

    @property
    def line(self) -> str:
        return f"{self.speaker}: {self.text}" if self.speaker else self.text


def timestamp(seconds: float) -> str:
    """`HH:MM:SS.mmm`, as WebVTT cue timings are written."""
    millis = max(round(seconds * 1000), 0)
    secs, millis = divmod(millis, 1000)
    minutes, secs = divmod(secs, 60)
    hours, minutes = divmod(minutes, 60)
    return "%02d:%02d:%02d.%03d" % (hours, minutes, secs, millis)  # noqa: UP031 (hot path)


def write_vtt(cues: Iterable[Cue]) -> str:
    """A transcript in Zoom's layout: header, then numbered cues one blank line apart."""
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        blocks.append(f"{number}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n{cue.line}")
    return "\n\n".join(blocks) + "\n"


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file, speakers split from the text when the file names them."""
    try:
        captions = webvtt.from_string(text.lstrip("\ufeff"))
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise VTTError(f"not a WebVTT file: {exc}") from None
    return [_cue(caption) for caption in captions.captions]


def _cue(caption: webvtt.Caption) -> Cue:
    body = " ".join(line.strip() for line in caption.text.splitlines() if line.strip())
    speaker = (caption.voice or "").strip()
    if not speaker:
        speaker, body = split_speaker(body)
    return Cue(
        start=caption.start_time.in_milliseconds() / 1000,
        end=caption.end_time.in_milliseconds() / 1000,
        speaker=speaker,
        text=body,
    )


def split_speaker(line: str) -> tuple[str, str]:
    """`("Alice Smith", "Hello")` from `"Alice Smith: Hello"`; `("", line)` when none is named."""
    match = _SPEAKER.match(line)
    if match is None or len(match["name"].split()) > _MAX_NAME_WORDS:
        return "", line
    return match["name"].strip(), match["text"].strip()
