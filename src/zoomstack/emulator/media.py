"""The bytes of recording files: media made up on demand, text rendered from the script.

MP4 and M4A files are never stored. Their bytes are a keyed pseudo-random function of
the file id (block i is SHAKE-256 of the id and i), so a file of any size costs nothing
to keep, any byte range costs only the blocks it touches, and every download of a file
is identical. The first bytes are a real `ftyp` box, so tools that sniff types see
MP4/M4A. Transcript, chat and timeline files are real text rendered from the meeting's
script, the same way each time.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

import orjson

from .generate import Script
from .vtt import Cue, timestamp, write_vtt

BLOCK = 64 * 1024
_DOMAIN = b"zoomstack-media\x00"
_HEADERS = {
    "MP4": bytes.fromhex("00000020")
    + b"ftypisom"
    + bytes.fromhex("00000200")
    + b"isomiso2avc1mp41",
    "M4A": bytes.fromhex("0000001c") + b"ftypM4A " + bytes.fromhex("00000000") + b"M4A isommp42",
}
MEDIA_TYPES = frozenset(_HEADERS)
TEXT_TYPES = frozenset({"TRANSCRIPT", "CHAT", "TIMELINE"})
# Bytes per second of recording, roughly what Zoom's 720p speaker view and AAC audio take.
_RATES = {"MP4": 55_000, "M4A": 8_000}
_FIRST_MEETING_USER_ID = 16_778_240  # Zoom numbers participants from here, 1024 apart


def media_size(rng: random.Random, file_type: str, seconds: float) -> int:
    """A plausible size for `seconds` of recording, never smaller than the header."""
    rate = _RATES[file_type] * rng.uniform(0.85, 1.15)
    return max(int(seconds * rate), len(_HEADERS[file_type]))


def _block(file_id: str, index: int) -> bytes:
    seed = _DOMAIN + file_id.encode() + b"\x00" + index.to_bytes(8, "big")
    return hashlib.shake_256(seed).digest(BLOCK)


def media_chunks(file_id: str, file_type: str, start: int, end: int) -> Iterator[bytes]:
    """Bytes `start` to `end` (exclusive) of a media file, one block at a time."""
    header = _HEADERS[file_type]
    position = start
    while position < end:
        index, offset = divmod(position, BLOCK)
        block = _block(file_id, index)
        if index == 0:
            block = header + block[len(header) :]
        piece = block[offset : offset + (end - position)]
        yield piece
        position += len(piece)


def meeting_user_id(index: int) -> str:
    """The per-meeting participant id Zoom gives the `index`-th person to join."""
    return str(_FIRST_MEETING_USER_ID + 1024 * index)


def transcript(script: Script) -> str:
    cues = (Cue(u.start, u.end, u.speaker.name, u.text) for u in script.utterances)
    return write_vtt(cues)


def chat(script: Script) -> str:
    """The in-meeting chat as Zoom saves it: elapsed time, sender, recipients, message."""
    lines = [
        f"{timestamp(m.at)[:8]} From {m.sender.name} to Everyone:\n\t{m.text}\n"
        for m in script.chat
    ]
    return "".join(lines)


def timeline(script: Script) -> str:
    """Who was the active speaker from when: one entry each time the speaker changes."""
    index = {person.name: n for n, person in enumerate(script.speakers)}
    entries: list[dict[str, object]] = []
    current = ""
    for utterance in script.utterances:
        person = utterance.speaker
        if person.name == current:
            continue
        current = person.name
        user = {
            "username": person.name,
            "multiple_people": False,
            "user_id": meeting_user_id(index.get(person.name, 0)),
            "zoom_userid": person.user_id,
            "email_address": person.email if person.user_id else "",
            "avatar_url": "",
            "client_type": 5,
            "os": "mac",
            "os_version": "14.5",
        }
        entries.append({"ts": timestamp(utterance.start), "users": [user]})
    return orjson.dumps({"timeline": entries}, option=orjson.OPT_INDENT_2).decode()


def render_text(file_type: str, script: Script) -> bytes:
    """The bytes of a TRANSCRIPT, CHAT or TIMELINE file."""
    renderers = {"TRANSCRIPT": transcript, "CHAT": chat, "TIMELINE": timeline}
    return renderers[file_type](script).encode()
