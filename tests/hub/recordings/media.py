"""Small files whose first bytes are those of real media formats."""

from __future__ import annotations

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nAlice: Hello everyone.\n"


def mp4(size: int, seed: int = 7) -> bytes:
    """An MP4-looking file of exactly `size` bytes (a header, then varied bytes)."""
    body = bytes((i * seed + i // 251) % 256 for i in range(max(size - len(MP4_HEAD), 0)))
    return (MP4_HEAD + body)[:size]
