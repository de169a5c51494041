"""The storage interface: streamed puts and gets, never a whole file in memory."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

from ...hashing import StreamHash


class StorageError(Exception):
    """The store failed (unreachable, refused, misconfigured)."""


class ObjectNotFound(StorageError):
    """No object under that key."""


@dataclass(frozen=True, slots=True)
class StoredObject:
    """What a put wrote: its size, SHA-256 and CRC-32, measured on the way through."""

    key: str
    size: int
    checksum: str  # SHA-256, hex: what is recorded
    crc32: int  # to check against the sender's, cheaply


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    key: str
    size: int


class Meter:
    """Passes chunks through, counting bytes and hashing them as they go (beside the
    event loop); `checksum` and `crc32` are known once the chunks have all passed."""

    def __init__(self, chunks: AsyncIterable[bytes]) -> None:
        self._chunks = chunks
        self._digests = StreamHash(crc32=True)
        self.size = 0
        self.checksum = ""
        self.crc32 = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._chunks:
            await self._digests.update(chunk)
            self.size += len(chunk)
            yield chunk
        self.checksum = await self._digests.hexdigest()
        self.crc32 = await self._digests.crc32()


class Storage(ABC):
    """A flat key space of objects; keys are made by the hub, never by users."""

    kind: str

    @abstractmethod
    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> StoredObject:
        """Write `chunks` under `key`, all or nothing (a failed put leaves no object)."""

    @abstractmethod
    def open(self, key: str, *, chunk_size: int = 256 * 1024) -> AsyncIterator[bytes]:
        """The object's bytes, streamed; ObjectNotFound if there is none."""

    async def open_range(
        self, key: str, start: int, end: int, *, chunk_size: int = 256 * 1024
    ) -> AsyncIterator[bytes]:
        """Bytes `start` to `end` (exclusive) of the object; stores that can fetch a
        span alone override this, which otherwise reads from the beginning."""
        position = 0
        async for chunk in self.open(key, chunk_size=chunk_size):
            piece = chunk[max(start - position, 0) : max(end - position, 0)]
            position += len(chunk)
            if piece:
                yield piece
            if position >= end:
                return

    @abstractmethod
    async def head(self, key: str) -> ObjectInfo:
        """Size of the object; ObjectNotFound if there is none."""

    @abstractmethod
    async def delete(self, key: str) -> None:
        """Remove the object; a missing one is not an error."""

    async def discard(self, key: str) -> None:
        """Remove the object and whatever a put of it that never finished left behind
        (its process killed mid-way)."""
        await self.delete(key)

    @abstractmethod
    async def presign(self, key: str, *, expires_in: timedelta) -> str | None:
        """A URL the store itself serves the object at, or None where it cannot."""

    @abstractmethod
    async def check(self) -> None:
        """Prove the store can be written, read and deleted; StorageError if not."""
