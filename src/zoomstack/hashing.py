"""Digests of a stream, worked out beside the event loop.

hashlib and zlib let go of the GIL while they hash, so a worker thread hashes one
batch of chunks while the loop goes on receiving the next: checking a transfer's
bytes costs the loop a hand-over per megabyte instead of the hashing itself. Batches
are hashed one at a time, in the order they came, and at most two are held (one
being hashed, one filling), so memory stays bounded whatever the stream's length.

Two digests: SHA-256, what is recorded of a stored file, and CRC-32, a quarter of
its cost, for checking that two points of one process saw the same bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import zlib

BATCH_BYTES = 1024 * 1024
# A last batch smaller than this is hashed at once: a hand-over would cost more.
INLINE_BYTES = 64 * 1024


class StreamHash:
    """`await update(chunk)` for each chunk in order, then `await hexdigest()` and/or
    `await crc32()` for the digests asked for."""

    def __init__(self, *, sha256: bool = True, crc32: bool = False) -> None:
        self._sha = hashlib.sha256() if sha256 else None
        self._crc: int | None = 0 if crc32 else None
        self._batch: list[bytes] = []
        self._batched = 0
        self._hashing: asyncio.Future[None] | None = None

    async def update(self, data: bytes) -> None:
        self._batch.append(data)
        self._batched += len(data)
        if self._batched >= BATCH_BYTES:
            await self._hand_over()

    async def hexdigest(self) -> str:
        await self._finish()
        if self._sha is None:
            raise ValueError("this stream was not asked for its SHA-256")
        return self._sha.hexdigest()

    async def crc32(self) -> int:
        await self._finish()
        if self._crc is None:
            raise ValueError("this stream was not asked for its CRC-32")
        return self._crc

    async def _finish(self) -> None:
        await self._hand_over()
        await self._settle()

    async def _settle(self) -> None:
        if self._hashing is not None:
            await self._hashing
            self._hashing = None

    async def _hand_over(self) -> None:
        await self._settle()  # one batch at a time keeps the order
        batch, size = self._batch, self._batched
        self._batch, self._batched = [], 0
        if not batch:
            return
        if size < INLINE_BYTES:
            self._hash(batch)
            return
        self._hashing = asyncio.get_running_loop().run_in_executor(None, self._hash, batch)

    def _hash(self, batch: list[bytes]) -> None:
        for chunk in batch:
            if self._sha is not None:
                self._sha.update(chunk)
            if self._crc is not None:
                self._crc = zlib.crc32(chunk, self._crc)
