"""QMSum meetings as Zoom-style WebVTT transcripts, with their reference summaries.

QMSum has no timings, so each turn gets 0.4 s a word (about 150 words a minute, at
least one second), back to back from 00:00:00.000, as the data set's README describes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

QMSUM = Path(__file__).resolve().parents[2] / "shared" / "eval" / "qmsum"
SECONDS_PER_WORD = 0.4
_MARKER = re.compile(r"\{[a-z_]+\}")


@dataclass(frozen=True)
class Meeting:
    name: str
    turns: list[tuple[str, str]]  # (speaker, text) with markers removed, empty turns dropped
    reference: str  # the first general query's answer

    def vtt(self, repeat: int = 1) -> str:
        return to_vtt(self.turns * repeat)

    @property
    def words(self) -> int:
        return sum(len(text.split()) for _, text in self.turns)


def load(split: str, root: Path = QMSUM) -> list[Meeting]:
    return [_meeting(path) for path in sorted((root / split).glob("*.json"))]


def _meeting(path: Path) -> Meeting:
    data = json.loads(path.read_text())
    turns = []
    for turn in data["meeting_transcripts"]:
        text = " ".join(_MARKER.sub(" ", turn["content"]).split()).replace("-->", "->")
        if text:
            turns.append((turn["speaker"].split("(")[0].strip(), text))
    return Meeting(path.stem, turns, data["general_query_list"][0]["answer"])


def to_vtt(turns: list[tuple[str, str]]) -> str:
    lines = ["WEBVTT", ""]
    clock = 0.0
    for number, (speaker, text) in enumerate(turns, 1):
        end = clock + max(1.0, SECONDS_PER_WORD * len(text.split()))
        lines += [str(number), f"{_stamp(clock)} --> {_stamp(end)}", f"{speaker}: {text}", ""]
        clock = end
    return "\n".join(lines)


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
