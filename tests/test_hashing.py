"""A stream's SHA-256 worked out beside the event loop is the one hashlib gives."""

from __future__ import annotations

import hashlib
import os

import pytest

from zoomstack.hashing import BATCH_BYTES, INLINE_BYTES, StreamHash


@pytest.mark.parametrize(
    "sizes",
    [
        [],
        [0],
        [10],
        [INLINE_BYTES - 1, 1],
        [BATCH_BYTES],
        [65_536] * 40 + [123],
        [3 * BATCH_BYTES + 7, 1, 0, BATCH_BYTES // 3, 5],
    ],
)
async def test_the_digest_is_hashlibs_over_the_chunks_in_order(sizes: list[int]) -> None:
    chunks = [os.urandom(size) for size in sizes]
    stream = StreamHash()
    for chunk in chunks:
        await stream.update(chunk)
    assert await stream.hexdigest() == hashlib.sha256(b"".join(chunks)).hexdigest()
