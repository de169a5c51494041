"""A stream's SHA-256 and CRC-32 worked out beside the event loop are hashlib's and zlib's."""

from __future__ import annotations

import hashlib
import os
import zlib

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


@pytest.mark.parametrize("sizes", [[], [10], [65_536] * 40 + [123], [3 * BATCH_BYTES + 7, 5]])
async def test_the_crc_is_zlibs_over_the_chunks_in_order(sizes: list[int]) -> None:
    chunks = [os.urandom(size) for size in sizes]
    both, crc_only = StreamHash(crc32=True), StreamHash(sha256=False, crc32=True)
    for chunk in chunks:
        await both.update(chunk)
        await crc_only.update(chunk)
    whole = b"".join(chunks)
    assert await both.crc32() == await crc_only.crc32() == zlib.crc32(whole)
    assert await both.hexdigest() == hashlib.sha256(whole).hexdigest()


async def test_a_digest_not_asked_for_is_refused() -> None:
    with pytest.raises(ValueError, match="CRC-32"):
        await StreamHash().crc32()
    with pytest.raises(ValueError, match="SHA-256"):
        await StreamHash(sha256=False, crc32=True).hexdigest()
