"""SHA-256 of a stream, worked out beside the event loop.

hashlib lets go of the GIL while it hashes, so a worker thread hashes one batch of
chunks while the loop goes on receiving the next: checking a transfer's bytes costs
the loop a hand-over per megabyte instead of the hashing itself. Batches are hashed
one at a time, in the order they came, and at most two are held (one being hashed,
one filling), so memory stays bounded whatever the stream's length.
"""

from __future__ import annotations

import asyncio
import hashlib

BATCH_BYTES = 1024 * 1024
# A last batch smaller than this is hashed at once: a hand-over would cost more.
INLINE_BYTES = 64 * 1024


class StreamHash:
    """`await update(chunk)` for each chunk in order, then `await hexdigest()`."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self._batch: list[bytes] = []
        self._batched = 0
        self._hashing: asyncio.Future[None] | None = None

    async def update(self, data: bytes) -> None:
        self._batch.append(data)
        self._batched += len(data)
        if self._batched >= BATCH_BYTES:
            await self._hand_over()

    async def hexdigest(self) -> str:
        await self._hand_over()
        await self._settle()
        return self._sha.hexdigest()

    async def _settle(self) -> None:
        if self._hashing is not None:
            await self._hashing
            self._hashing = None

    async def _hand_over(self) -> None:
        await self._settle()  # one batch at a time keeps the order
        batch, size = self._batch, self._batched
        self._batch, self._batched = [], 0
        if size < INLINE_BYTES:
            _hash(self._sha, batch)
            return
        self._hashing = asyncio.get_running_loop().run_in_executor(None, _hash, self._sha, batch)


def _hash(sha: hashlib._Hash, batch: list[bytes]) -> None:
    for chunk in batch:
        sha.update(chunk)
