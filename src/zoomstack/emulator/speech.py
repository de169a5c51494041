"""Offline text-to-speech: eSpeak NG, loaded from the `espeakng-loader` wheel.

The wheel carries the library and its voice data, so no system package is needed.
The library keeps global state (one voice, one callback), so every call holds one
process-wide lock; a caller on the event loop runs `speak` in a worker thread.
eSpeak NG is a formant synthesizer: it speaks hundreds of times faster than real time
and with its noise generator seeded, the same text and voice always give the same samples.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.int16]

_SYNCHRONOUS = 2  # AUDIO_OUTPUT_SYNCHRONOUS: samples come back through the callback
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_RATE, _PITCH = 1, 3  # espeak_PARAMETER
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)
_NOISE_SEED = 1
MIN_RATE, MAX_RATE = 80, 450  # words per minute eSpeak NG accepts


class SpeechUnavailable(RuntimeError):
    """eSpeak NG cannot be loaded (the `speech` extra is not installed)."""


@dataclass(frozen=True, slots=True)
class Voice:
    name: str  # an eSpeak voice with its variant, e.g. "en-us+m3"
    pitch: int = 50  # 0-100


# Variants that stay clear at meeting pace; a meeting's people take them in turn.
VOICES = tuple(
    Voice(f"en-us+{variant}", pitch)
    for pitch in (50, 38, 62)
    for variant in ("m3", "f2", "m1", "f4", "m7", "f1", "m2", "f3")
)


def voice_for(index: int) -> Voice:
    """The voice of a meeting's `index`-th speaker (distinct for the first 24)."""
    return VOICES[index % len(VOICES)]


class _Engine:
    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as exc:
            raise SpeechUnavailable("install zoomstack[speech] for spoken recordings") from exc
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        data = espeakng_loader.get_data_path().encode()
        self.sample_rate = int(self.lib.espeak_Initialize(_SYNCHRONOUS, 0, data, 0))
        if self.sample_rate <= 0:
            raise SpeechUnavailable("eSpeak NG did not start")
        self.lock = threading.Lock()
        self.pieces: list[Samples] = []
        self.callback = _CALLBACK(self._collect)  # kept: the library holds only a pointer
        self.lib.espeak_SetSynthCallback(self.callback)

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if count > 0 and wav:
            self.pieces.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0  # go on

    def speak(self, text: str, voice: Voice, rate: int) -> Samples:
        data = text.encode()
        with self.lock:
            self.pieces = []
            self.lib.espeak_SetVoiceByName(voice.name.encode())
            self.lib.espeak_SetParameter(_RATE, max(MIN_RATE, min(rate, MAX_RATE)), 0)
            self.lib.espeak_SetParameter(_PITCH, voice.pitch, 0)
            # The voice adds random noise (breath, flutter): seeded, it is the same each time.
            self.lib.espeak_ng_SetRandSeed(ctypes.c_long(_NOISE_SEED))
            flags = _CHARS_UTF8
            self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, flags, None, None)
            self.lib.espeak_Synchronize()
            pieces, self.pieces = self.pieces, []
        return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)


@cache
def _engine() -> _Engine:
    return _Engine()


def available() -> bool:
    """Whether speech can be made here."""
    try:
        _engine()
    except (SpeechUnavailable, OSError):
        return False
    return True


def sample_rate() -> int:
    return _engine().sample_rate


def speak(text: str, voice: Voice, rate: int = 175) -> Samples:
    """`text` spoken by `voice` at `rate` words per minute, as 16-bit mono samples."""
    return _engine().speak(text, voice, rate)
