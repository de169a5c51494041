from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.hub.recordings.media import VTT, mp4
from zoomstack.hub.errors import PayloadTooLarge, Unprocessable, UnsupportedMediaType
from zoomstack.hub.recordings.validation import (
    KINDS,
    checked,
    file_kind,
    looks_like,
    sanitize_filename,
)

HEADS = {
    ".mp4": mp4(32),
    ".m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00",
    ".mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    ".wav": b"RIFF\x24\x00\x00\x00WAVEfmt ",
    ".webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01",
    ".vtt": b"\xef\xbb\xbf" + VTT,
}


@pytest.mark.parametrize("extension", sorted(KINDS))
def test_each_format_is_known_by_its_first_bytes(extension: str) -> None:
    kind = KINDS[extension]
    assert looks_like(kind, HEADS[extension])
    others = [head for ext, head in HEADS.items() if ext not in (extension, ".mp4", ".m4a")]
    assert not any(looks_like(kind, head) for head in others)


def test_mp3_without_tag_is_known_by_its_frame_sync() -> None:
    assert looks_like(KINDS[".mp3"], b"\xff\xfb\x90\x64\x00")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a.mp4", "a.mp4"),
        ("/abs/path/a.mp4", "a.mp4"),
        ("C:\\Users\\me\\a.mp4", "a.mp4"),
        ("..%2f..%2fa.mp4", "_2f.._2fa.mp4"),
        ("na\x00me\n.mp4", "name.mp4"),
        ("\uff46\uff55\uff4c\uff4c.mp4", "full.mp4"),  # fullwidth letters
        ("  .hidden.mp4", "hidden.mp4"),
        ("x" * 300 + ".mp4", "x" * 196 + ".mp4"),
    ],
)
def test_sanitize_filename(raw: str, clean: str) -> None:
    assert sanitize_filename(raw) == clean


def test_file_kind_takes_case_insensitive_extensions_and_generic_types() -> None:
    assert file_kind("A.MP4", "").content_type == "video/mp4"
    assert file_kind("a.m4a", "audio/x-m4a").extension == ".m4a"
    assert file_kind("a.webm", "application/octet-stream").extension == ".webm"
    with pytest.raises(UnsupportedMediaType) as caught:
        file_kind("a.webm", "video/mp4")
    assert caught.value.details["content_type"] == "video/mp4"


async def source(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_checked_sniffs_across_tiny_chunks_and_counts_every_byte() -> None:
    data = mp4(1000)
    pieces = [data[i : i + 3] for i in range(0, len(data), 3)]
    out = [chunk async for chunk in checked(source(*pieces), kind=KINDS[".mp4"], max_bytes=1000)]
    assert b"".join(out) == data
    with pytest.raises(PayloadTooLarge):
        async for _ in checked(source(*pieces), kind=KINDS[".mp4"], max_bytes=999):
            pass


async def test_checked_refuses_empty_and_wrong_content() -> None:
    with pytest.raises(Unprocessable, match="empty"):
        async for _ in checked(source(), kind=KINDS[".vtt"], max_bytes=10):
            pass
    with pytest.raises(Unprocessable, match=r"not a \.vtt file"):
        async for _ in checked(source(b"1\n00:00"), kind=KINDS[".vtt"], max_bytes=100):
            pass
