"""Audio in: any file FFmpeg reads, decoded piece by piece to 16 kHz float samples.

Nothing holds a whole file: frames are resampled as they are decoded and handed on,
and `chunks` cuts them into stretches of about `chunk_seconds`, each ended at the
quietest moment near its nominal end, so a word is rarely cut in two. The cut points
depend only on the samples, so a resumed job finds the same chunks again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000
Samples = npt.NDArray[np.float32]  # shape (channels, n)
_QUIET_WINDOW = 0.02  # seconds per loudness measurement
_SEARCH = 0.08  # the last share of a chunk searched for a quiet moment
_SAME_CHANNELS = 0.01  # below this difference-to-signal energy ratio, channels are one


class AudioError(Exception):
    """The file cannot be transcribed; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class AudioInfo:
    duration: float  # seconds; 0 when the container does not say
    channels: int


@dataclass(frozen=True, slots=True)
class Chunk:
    start_sample: int
    samples: Samples  # (channels, n) at SAMPLE_RATE

    @property
    def end_sample(self) -> int:
        return self.start_sample + int(self.samples.shape[1])

    @property
    def start(self) -> float:
        return self.start_sample / SAMPLE_RATE


def _open(path: Path) -> Any:
    import av

    try:
        return av.open(str(path), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise AudioError(f"the file cannot be read as audio: {_brief(exc)}") from None


def _brief(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc).strip() or type(exc).__name__


def probe(path: Path) -> AudioInfo:
    """Length and channels of the file's first audio track."""
    with _open(path) as container:
        if not container.streams.audio:
            raise AudioError("the file has no audio track")
        stream = container.streams.audio[0]
        duration = 0.0
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000
        return AudioInfo(duration=duration, channels=stream.channels or 1)


def decode(path: Path, channels: int) -> Iterator[Samples]:
    """The first audio track as (channels, n) float32 pieces at SAMPLE_RATE."""
    import av

    layout = "stereo" if channels == 2 else "mono"
    resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
    with _open(path) as container:
        stream = container.streams.audio[0]
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    yield np.asarray(out.to_ndarray(), dtype=np.float32)
            for out in resampler.resample(None):
                yield np.asarray(out.to_ndarray(), dtype=np.float32)
        except av.error.FFmpegError as exc:
            raise AudioError(f"the audio cannot be decoded: {_brief(exc)}") from None


def _quiet_point(samples: Samples, nominal: int) -> int:
    """The quietest moment in the last stretch before `nominal`: where to cut."""
    window = int(_QUIET_WINDOW * SAMPLE_RATE)
    first = max(int(nominal * (1 - _SEARCH)), window)
    mono = np.abs(samples[:, first:nominal]).mean(axis=0)
    count = len(mono) // window
    if count == 0:
        return nominal
    loudness = mono[: count * window].reshape(count, window).mean(axis=1)
    return first + int(np.argmin(loudness)) * window + window // 2


def chunks(pieces: Iterator[Samples], *, chunk_seconds: float, skip: int = 0) -> Iterator[Chunk]:
    """`pieces` regrouped into chunks; the first `skip` samples (done before) are dropped."""
    size = int(chunk_seconds * SAMPLE_RATE)
    held: list[Samples] = []
    count, position = 0, 0  # samples held; sample number of the first one held
    for piece in pieces:
        if position + piece.shape[1] <= skip:
            position += piece.shape[1]
            continue
        if position < skip:
            piece, position = piece[:, skip - position :], skip
        held.append(piece)
        count += piece.shape[1]
        while count >= size + size // 10:  # room past the nominal end to look for quiet
            joined = np.concatenate(held, axis=1)
            cut = _quiet_point(joined, size)
            yield Chunk(position, joined[:, :cut])
            held, count, position = [joined[:, cut:]], joined.shape[1] - cut, position + cut
    if count:
        yield Chunk(position, np.concatenate(held, axis=1))


def separate(chunk: Chunk) -> list[tuple[str, npt.NDArray[np.float32]]]:
    """(speaker, mono samples) to transcribe: one per channel when the channels carry
    different people (a recorder's track per speaker), else one unnamed downmix."""
    samples = chunk.samples
    mono = samples.mean(axis=0)
    if samples.shape[0] < 2:
        return [("", mono)]
    energy = float(np.mean(samples**2)) or 1.0
    difference = float(np.mean((samples[0] - samples[1]) ** 2))
    if difference / energy < _SAME_CHANNELS:
        return [("", mono)]
    return [(f"Speaker {n + 1}", samples[n]) for n in range(samples.shape[0])]
