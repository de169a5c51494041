"""The transcription of one file, chunk by chunk: what the job and `zoomstack transcribe`
both run. Each step decodes and transcribes one chunk; a caller that saves each step
can stop anywhere and later go on from the last one it saved."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .audio import SAMPLE_RATE, AudioError, AudioInfo, chunks, decode, probe, separate
from .engine import Cue, Engine

SILENT_PEAK = 1e-3  # full scale is 1.0: below this, nothing was recorded


@dataclass(frozen=True, slots=True)
class ChunkDone:
    index: int
    start_sample: int
    end_sample: int
    cues: list[Cue]
    peak: float

    @property
    def start(self) -> float:
        return self.start_sample / SAMPLE_RATE

    @property
    def end(self) -> float:
        return self.end_sample / SAMPLE_RATE


class Transcriber:
    def __init__(self, engine: Engine, *, chunk_seconds: float) -> None:
        self.engine = engine
        self.chunk_seconds = chunk_seconds

    def probe(self, path: Path) -> AudioInfo:
        return probe(path)

    def steps(
        self, path: Path, *, index: int = 0, skip: int = 0, pauses: bool = False
    ) -> Iterator[ChunkDone]:
        """The chunks after the first `skip` samples, numbered from `index`; with
        `pauses`, cues end where the voice pauses (see `Engine.transcribe`)."""
        info = probe(path)
        pieces = decode(path, min(info.channels, 2))
        found = chunks(pieces, chunk_seconds=self.chunk_seconds, skip=skip)
        for n, chunk in enumerate(found, start=index):
            cues: list[Cue] = []
            for speaker, mono in separate(chunk):
                cues += self.engine.transcribe(
                    mono, offset=chunk.start, speaker=speaker, pauses=pauses
                )
            cues.sort(key=lambda cue: (cue.start, cue.speaker))
            peak = float(np.abs(chunk.samples).max()) if chunk.samples.size else 0.0
            yield ChunkDone(n, chunk.start_sample, chunk.end_sample, cues, peak)


def all_cues(done: Iterable[list[Cue]], *, peak: float, quiet_ok: bool = False) -> list[Cue]:
    """Every chunk's cues in time order; AudioError when there is nothing to keep (unless
    `quiet_ok`: one participant's own audio may hold no words)."""
    cues = sorted((cue for part in done for cue in part), key=lambda c: (c.start, c.speaker))
    if cues or quiet_ok:
        return cues
    if peak < SILENT_PEAK:
        raise AudioError("the audio is silent")
    raise AudioError("no speech was recognised in the audio")
