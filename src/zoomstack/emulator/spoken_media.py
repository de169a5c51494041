"""Playable recordings: a meeting's soundtrack encoded as AAC in an M4A and an MP4.

The audio is encoded once (PyAV, FFmpeg's AAC encoder, bit-exact mode) into the M4A;
the MP4 carries the very same packets, copied. Both are laid out for streaming (the
`moov` index first), so a browser can play and seek while downloading.

A recording's `file_size` is listed before anyone downloads it, so it cannot wait for
the encoder: `planned_size` gives a generous bound from the length alone, and the
encoded file is padded to exactly that size with a trailing `free` box, which every
MP4 reader skips. Files are made on first download and kept in a cache folder, named
by a digest of the recipe, so a second download (or another worker) reads the file.
A recipe with an `only` key (a speaker's name) gives that participant's own audio file
(see `soundtrack.track`); the key is part of the digest, so it is cached apart.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import importlib.util
import os
import struct
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from ..config import EmulatorSettings, MediaMode
from . import soundtrack, speech
from .generate import Script, from_recipe

RENDER_VERSION = 1  # bump when the audio a recipe gives changes
_BIT_RATES = (32_000, 24_000, 16_000)  # tried in turn until the file fits its size
_BYTES_PER_SECOND = 5_000  # a 32 kb/s AAC track and its index, with room to spare
_FIXED_BYTES = {"M4A": 32_768, "MP4": 36_864}
_FORMATS = {"M4A": "ipod", "MP4": "mp4"}
_FREE_HEADER = 8
_FRAME_SECONDS = 0.5  # samples handed to the encoder at a time
ONLY = "only"  # the recipe key naming the one speaker a participant's file holds


class RenderError(RuntimeError):
    """The encoded audio does not fit the size the recording announced."""


@functools.cache
def available() -> bool:
    """Whether the speech extra (eSpeak NG, PyAV) is installed."""
    return all(importlib.util.find_spec(name) for name in ("espeakng_loader", "av", "numpy"))


def spoken(settings: EmulatorSettings, minutes: float, choice: str | None = None) -> bool:
    """Whether a recording of `minutes` gets spoken media: the meeting's own choice,
    else the emulator's setting; always filler where speech cannot be made."""
    mode = MediaMode(choice) if choice else settings.media
    if mode is MediaMode.auto:
        mode = MediaMode.speech if minutes <= settings.speech_max_minutes else MediaMode.filler
    return mode is MediaMode.speech and available()


@functools.cache
def cache_for(root: Path) -> MediaCache:
    """One cache per folder in a process, so concurrent downloads share each render."""
    return MediaCache(root)


def planned_size(file_type: str, seconds: float) -> int:
    """The `file_size` of a spoken M4A or MP4 lasting `seconds`."""
    return _FIXED_BYTES[file_type] + int(seconds * _BYTES_PER_SECOND)


def digest(recipe: dict[str, Any]) -> str:
    data = orjson.dumps(recipe, option=orjson.OPT_SORT_KEYS) + f"#{RENDER_VERSION}".encode()
    return hashlib.sha256(data).hexdigest()[:32]


def _encode_m4a(chunks: Iterator[Any], path: Path, bit_rate: int) -> None:
    import av

    rate = speech.sample_rate()
    options = {"movflags": "+faststart", "fflags": "+bitexact"}
    with av.open(str(path), "w", format=_FORMATS["M4A"], options=options) as out:
        stream = out.add_stream("aac", rate=rate, layout="mono")
        stream.bit_rate = bit_rate
        stream.codec_context.options = {"aac_coder": "fast", "flags": "+bitexact"}
        for samples in _frames(chunks, int(rate * _FRAME_SECONDS)):
            frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
            frame.sample_rate = rate
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


def _frames(chunks: Iterator[Any], size: int) -> Iterator[Any]:
    """The track regrouped into pieces of `size` samples (the last may be shorter)."""
    import numpy as np

    pending: list[Any] = []
    held = 0
    for chunk in chunks:
        pending.append(chunk)
        held += len(chunk)
        if held >= size:
            joined = np.concatenate(pending)
            for start in range(0, len(joined) - size + 1, size):
                yield joined[start : start + size]
            rest = joined[len(joined) - len(joined) % size :]
            pending, held = [rest], len(rest)
    if held:
        yield np.concatenate(pending)


def _remux(source: Path, target: Path, file_format: str) -> None:
    """The same packets in another container."""
    import av

    options = {"movflags": "+faststart", "fflags": "+bitexact"}
    with av.open(str(source)) as inp, av.open(str(target), "w", format=file_format, options=options) as out:  # fmt: skip
        audio = inp.streams.audio[0]
        stream = out.add_stream_from_template(audio)
        for packet in inp.demux(audio):
            if packet.dts is None:
                continue  # the demuxer's end-of-stream marker
            packet.stream = stream
            out.mux(packet)


def pad(path: Path, size: int) -> None:
    """Grow the file to `size` bytes with a trailing `free` box."""
    missing = size - path.stat().st_size
    if missing == 0:
        return
    if missing < _FREE_HEADER:
        raise RenderError(f"{path.name} is {missing} bytes short of a padding box")
    with path.open("ab") as file:
        file.write(struct.pack(">I4s", missing, b"free"))
        file.write(bytes(missing - _FREE_HEADER))


def render(recipe: dict[str, Any], folder: Path) -> dict[str, Path]:
    """Both files of a recipe, padded to their planned sizes, in `folder` (blocking)."""
    script = from_recipe({k: v for k, v in recipe.items() if k != ONLY})
    only = recipe.get(ONLY)
    return render_script(script, folder, only=str(only) if only is not None else None)


def render_script(script: Script, folder: Path, *, only: str | None = None) -> dict[str, Path]:
    """Both files of a script (an M4A and an MP4), padded to their planned sizes; with
    `only`, of that speaker's voice alone."""
    sizes = {kind: planned_size(kind, script.duration) for kind in _FORMATS}
    for bit_rate in _BIT_RATES:
        paths = {kind: folder / f"{kind.lower()}.{kind.lower()}" for kind in _FORMATS}
        _encode_m4a(soundtrack.track(script, only=only), paths["M4A"], bit_rate)
        _remux(paths["M4A"], paths["MP4"], _FORMATS["MP4"])
        if all(paths[k].stat().st_size + _FREE_HEADER <= sizes[k] for k in paths):
            for kind, path in paths.items():
                pad(path, sizes[kind])
            return paths
    raise RenderError(f"the audio of {script.duration:.0f} s does not fit its planned size")


class MediaCache:
    """Spoken files made on demand, kept under `root`, made once per recipe.

    Each recipe is rendered in a fresh process: eSpeak NG carries state from one
    utterance to the next (its pitch flutter runs on), so only a process that has
    spoken nothing before gives the same samples every time. It also keeps the
    library's global state out of the server and lets renders run side by side.
    """

    def __init__(self, root: Path, *, timeout: float = 600.0) -> None:
        self.root = root
        self.timeout = timeout
        self._locks: dict[str, asyncio.Lock] = {}

    def path(self, recipe: dict[str, Any], file_type: str) -> Path:
        return self.root / f"{digest(recipe)}.{file_type.lower()}"

    async def file(self, recipe: dict[str, Any], file_type: str) -> Path:
        """The cached file, made first when missing."""
        target = self.path(recipe, file_type)
        if target.exists():
            return target
        key = digest(recipe)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if not target.exists():
                await self._make(recipe)
        return target

    async def _make(self, recipe: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.root, prefix=".render-") as work:
            folder = Path(work)
            (folder / "recipe.json").write_bytes(orjson.dumps(recipe))
            await _run_renderer(folder, self.timeout)
            # Renamed into place whole: a reader never sees half a file, and two
            # processes making the same file both leave a correct one.
            for kind in _FORMATS:
                os.replace(folder / f"{kind.lower()}.{kind.lower()}", self.path(recipe, kind))


async def _run_renderer(folder: Path, seconds: float) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", __name__, str(folder),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        async with asyncio.timeout(seconds):
            _, err = await process.communicate()
    except (TimeoutError, asyncio.CancelledError):
        process.kill()
        await process.wait()
        raise
    if process.returncode != 0:
        tail = err.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RenderError(f"rendering failed ({process.returncode}): {tail[0]}")


def main(folder: str) -> None:
    """Render `folder`/recipe.json into `folder` (what the cache runs)."""
    work = Path(folder)
    render(orjson.loads((work / "recipe.json").read_bytes()), work)


if __name__ == "__main__":
    main(sys.argv[1])
