"""Bytes into storage: a Zoom cloud file (downloaded) or a local file (read), streamed.

Each returns what storage wrote, after checking it against what was sent: the size
the source announced, and the CRC-32 of the bytes that left the source against the
one storage measured. A mismatch deletes the object and raises `IntegrityFailure`,
so nothing unverified is ever recorded. The SHA-256 recorded is the one storage
measures on the way in; the check between the two ends of this one process uses
CRC-32, a quarter of SHA-256's cost: a second SHA-256 cost as much CPU as receiving
the file.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import anyio

from ...hashing import StreamHash
from ...zoom import ZoomClient
from ..storage import Storage, StoredObject
from .pipe import Pipe

READ_CHUNK = 1024 * 1024
KEEP_TEXT_BYTES = 32 * 1024 * 1024


class IntegrityFailure(Exception):
    """The stored bytes are not the expected ones (size or checksum)."""


class SourceChanged(Exception):
    """A local file changed while it was being read."""


@dataclass(frozen=True, slots=True)
class Transferred:
    stored: StoredObject
    text_bytes: bytes | None  # the file itself, when it is a transcript small enough


async def verify(storage: Storage, stored: StoredObject, *, size: int, crc32: int) -> StoredObject:
    problem = ""
    if stored.size != size:
        problem = f"size mismatch: expected {size} bytes, stored {stored.size}"
    elif stored.crc32 != crc32:
        problem = f"checksum mismatch: sent crc32 {crc32:08x}, stored {stored.crc32:08x}"
    if problem:
        await storage.delete(stored.key)
        raise IntegrityFailure(problem)
    return stored


OnBytes = Callable[[int], None]


def _ignore(count: int) -> None:
    """No one is counting."""


async def cloud_file(
    zoom: ZoomClient,
    storage: Storage,
    *,
    key: str,
    url: str,
    size: int | None,
    keep_text: bool,
    on_bytes: OnBytes = _ignore,
) -> Transferred:
    """Download `url` straight into storage under `key` (cuts resume with Range)."""
    pipe = Pipe(keep_up_to=KEEP_TEXT_BYTES if keep_text else 0, on_bytes=on_bytes)
    put = asyncio.create_task(_put(storage, key, pipe))
    try:
        result = await zoom.download(url, pipe, size, checksum=False)
    except BaseException as exc:
        pipe.close(exc)
        with contextlib.suppress(Exception):
            await put
        raise
    pipe.close()
    # The download counted what it passed on (and checked it against `size`).
    stored = await verify(storage, await put, size=result.size, crc32=await pipe.crc32())
    return Transferred(stored, _text(pipe) if keep_text else None)


async def _put(storage: Storage, key: str, pipe: Pipe) -> StoredObject:
    try:
        return await storage.put(key, pipe.chunks())
    finally:
        pipe.close_reader()


def _text(pipe: Pipe) -> bytes | None:
    return None if pipe.overflowed else bytes(pipe.kept)


async def local_file(
    storage: Storage,
    *,
    key: str,
    path: Path,
    size: int,
    mtime_ns: int,
    keep_text: bool,
    on_bytes: OnBytes = _ignore,
) -> Transferred:
    """Read `path` into storage under `key`; it must still be the file that was found."""
    sent = StreamHash(sha256=False, crc32=True)
    kept = bytearray()

    async def chunks() -> AsyncIterator[bytes]:
        async with await anyio.open_file(path, "rb") as file:
            while chunk := await file.read(READ_CHUNK):
                await sent.update(chunk)
                on_bytes(len(chunk))
                if keep_text and len(kept) <= KEEP_TEXT_BYTES:
                    kept.extend(chunk)
                yield chunk

    stored = await storage.put(key, chunks())
    stat = await anyio.Path(path).stat()
    if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
        await storage.delete(stored.key)
        raise SourceChanged(f"{path.name} changed while it was being stored")
    await verify(storage, stored, size=size, crc32=await sent.crc32())
    text = bytes(kept) if keep_text and len(kept) <= KEEP_TEXT_BYTES else None
    return Transferred(stored, text)
