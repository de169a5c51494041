"""A meeting's sound: every utterance of its script spoken when its transcript cue says.

Each speaker keeps one voice for the whole meeting. An utterance is spoken at the pace
its cue allows (faster when the cue is short) and cut to the cue if eSpeak still runs
over, so the audio and the TRANSCRIPT file agree on who speaks when. The track is
made piece by piece, in time order, so a long meeting never sits in memory whole.
A track of one speaker (`only`) keeps the meeting's timeline and that speaker's voice,
silent wherever someone else speaks: Zoom's separate audio file of each participant.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from . import speech
from .generate import Script, Utterance
from .speech import Samples, Voice

_SILENCE_PIECE = 1.0  # seconds of silence handed out at a time
_NATURAL_WPM = 165
_FADE = 64  # samples faded out where an utterance is cut


def voices(script: Script) -> dict[str, Voice]:
    return {person.name: speech.voice_for(n) for n, person in enumerate(script.speakers)}


def pace(words: int, seconds: float) -> int:
    """Words per minute that fit `words` into `seconds`, never slower than natural."""
    needed = words * 60 / max(seconds, 0.2)
    return int(min(max(needed, _NATURAL_WPM), speech.MAX_RATE))


def spoken(utterance: Utterance, voice: Voice, sample_rate: int) -> Samples:
    """The utterance as samples that last at most its cue."""
    room = max(int((utterance.end - utterance.start) * sample_rate), 1)
    words = len(utterance.text.split())
    wpm = pace(words, utterance.end - utterance.start)
    clip = speech.speak(utterance.text, voice, wpm)
    if len(clip) > room and wpm < speech.MAX_RATE:
        faster = min(int(wpm * len(clip) / room * 1.05) + 1, speech.MAX_RATE)
        clip = speech.speak(utterance.text, voice, faster)
    return _cut(clip, room)


def _cut(clip: Samples, room: int) -> Samples:
    if len(clip) <= room:
        return clip
    clip = clip[:room].copy()
    fade = min(_FADE, room)
    ramp = np.linspace(1.0, 0.0, fade)
    clip[-fade:] = (clip[-fade:] * ramp).astype(np.int16)
    return clip


def _silence(count: int, rate: int) -> Iterator[Samples]:
    step = int(_SILENCE_PIECE * rate)
    while count > 0:
        size = min(step, count)
        yield np.zeros(size, dtype=np.int16)
        count -= size


def track(script: Script, only: str | None = None) -> Iterator[Samples]:
    """The whole meeting, `script.duration` seconds of 16-bit mono at `speech.sample_rate()`;
    with `only`, what that speaker says (silence in place of everyone else)."""
    rate = speech.sample_rate()
    total = math.ceil(script.duration * rate)
    by_name = voices(script)
    fallback = speech.voice_for(0)
    position = 0
    for utterance in script.utterances:
        if only is not None and utterance.speaker.name != only:
            continue
        start = min(int(utterance.start * rate), total)
        yield from _silence(start - position, rate)
        position = max(position, start)
        clip = spoken(utterance, by_name.get(utterance.speaker.name, fallback), rate)
        clip = clip[: total - position]
        if len(clip):
            yield clip
            position += len(clip)
    yield from _silence(total - position, rate)
