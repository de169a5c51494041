"""What an uploaded file may be: its name, extension, declared type and first bytes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass

from ..errors import PayloadTooLarge, Unprocessable, UnsupportedMediaType

GENERIC_TYPE = "application/octet-stream"
MAX_NAME_LENGTH = 200
SNIFF_BYTES = 12


@dataclass(frozen=True, slots=True)
class FileKind:
    extension: str
    content_type: str  # the one the hub serves it with
    accepted: frozenset[str]  # declared types taken for it (besides the generic one)


KINDS = {
    kind.extension: kind
    for kind in (
        FileKind(".mp4", "video/mp4", frozenset({"video/mp4", "application/mp4"})),
        FileKind(".m4a", "audio/mp4", frozenset({"audio/mp4", "audio/x-m4a", "audio/m4a"})),
        FileKind(".mp3", "audio/mpeg", frozenset({"audio/mpeg", "audio/mp3"})),
        FileKind(
            ".wav",
            "audio/wav",
            frozenset({"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"}),
        ),
        FileKind(".webm", "video/webm", frozenset({"video/webm", "audio/webm"})),
        FileKind(".vtt", "text/vtt", frozenset({"text/vtt"})),
    )
}


def sanitize_filename(raw: str) -> str:
    """A safe file name: the last path component only, no control or odd characters.

    `../../etc/x.mp4` becomes `x.mp4`; a name with nothing left is refused.
    """
    name = unicodedata.normalize("NFKC", raw)
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    name = re.sub(r"[^\w.\-() ]+", "_", name).strip(" .")
    if not name or name.startswith("."):
        raise Unprocessable(
            "The file name is empty once path parts are removed.", {"filename": raw}
        )
    stem, dot, ext = name.rpartition(".")
    if len(name) > MAX_NAME_LENGTH:
        name = f"{stem[: MAX_NAME_LENGTH - len(ext) - 1]}.{ext}" if dot else name[:MAX_NAME_LENGTH]
    return name


def file_kind(file_name: str, declared_type: str) -> FileKind:
    """The kind the name's extension says, if the declared content type agrees."""
    ext = "." + file_name.rpartition(".")[2].lower() if "." in file_name else ""
    kind = KINDS.get(ext)
    if kind is None:
        allowed = " ".join(sorted(KINDS))
        raise UnsupportedMediaType(
            f"Files of type {ext or '(none)'!r} are not accepted; allowed: {allowed}.",
            {"extension": ext, "allowed": sorted(KINDS)},
        )
    declared = declared_type or GENERIC_TYPE
    if declared != GENERIC_TYPE and declared not in kind.accepted:
        raise UnsupportedMediaType(
            f"Content type {declared!r} does not match a {ext} file.",
            {"content_type": declared, "accepted": sorted(kind.accepted | {GENERIC_TYPE})},
        )
    return kind


def looks_like(kind: FileKind, head: bytes) -> bool:
    """Whether the first bytes are those of the kind's format."""
    match kind.extension:
        case ".mp4" | ".m4a":
            return head[4:8] == b"ftyp"
        case ".webm":
            return head.startswith(b"\x1a\x45\xdf\xa3")
        case ".wav":
            return head.startswith(b"RIFF") and head[8:12] == b"WAVE"
        case ".mp3":
            return head.startswith(b"ID3") or (
                len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
            )
        case ".vtt":
            return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")
    return False


async def checked(
    chunks: AsyncIterable[bytes], *, kind: FileKind, max_bytes: int
) -> AsyncIterator[bytes]:
    """Pass the file through, refusing it when it is too large or not what it claims."""
    head = b""
    stream = aiter(chunks)
    async for chunk in stream:
        head += chunk
        if len(head) >= SNIFF_BYTES:
            break
    _check_head(kind, head)
    size = _counted(0, len(head), max_bytes)
    yield head
    async for chunk in stream:
        size = _counted(size, len(chunk), max_bytes)
        yield chunk


def _check_head(kind: FileKind, head: bytes) -> None:
    if not head:
        raise Unprocessable("The file is empty.")
    if not looks_like(kind, head):
        raise Unprocessable(f"The file's content is not a {kind.extension} file.")


def _counted(size: int, more: int, max_bytes: int) -> int:
    size += more
    if size > max_bytes:
        raise PayloadTooLarge(
            f"The file is larger than the limit of {max_bytes} bytes.", {"max_bytes": max_bytes}
        )
    return size
