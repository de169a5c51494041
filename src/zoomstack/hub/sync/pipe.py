"""A bounded pipe from a download (which writes) to a storage put (which reads).

The download and the put run at once, with at most `depth` pieces between them, so a
file of any size passes through in constant memory. The download's small reads are
joined into pieces of `piece_size` bytes: each hand-over from one task to the other
costs the same whatever it carries, so it carries a megabyte, not a network read.

The pipe also takes the CRC-32 of what the download wrote (beside the event loop),
for the caller to check against what storage measured.

A download that fails closes the pipe with its error and the put fails too (storage
puts are all or nothing); a put that fails closes the reading end, and the download's
next write fails at once instead of waiting forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from ...hashing import StreamHash

PIECE_SIZE = 1024 * 1024
DEPTH = 2  # pieces waiting for the reader, beyond the one being filled


class PipeAborted(Exception):
    """The writing side gave up; what was read so far is not the whole file."""


class Pipe:
    def __init__(
        self,
        *,
        depth: int = DEPTH,
        piece_size: int = PIECE_SIZE,
        keep_up_to: int = 0,
        on_bytes: Callable[[int], None] | None = None,
    ) -> None:
        send: MemoryObjectSendStream[bytes]
        receive: MemoryObjectReceiveStream[bytes]
        send, receive = anyio.create_memory_object_stream[bytes](depth)
        self._send, self._receive = send, receive
        self._error: BaseException | None = None
        # Written, not yet handed over: the reader gets it once it makes a piece, or
        # after the last piece when the writer closes without an error.
        self._piece_size = piece_size
        self._filling: list[bytes] = []
        self._filled = 0
        self._reader_closed = False
        # Small files (transcripts) are also kept, to read their text afterwards.
        self._keep_up_to = keep_up_to
        self.kept = bytearray()
        self.overflowed = False
        self._on_bytes = on_bytes
        self._digest = StreamHash(sha256=False, crc32=True)

    async def write(self, data: bytes) -> None:
        if self._reader_closed:
            raise anyio.BrokenResourceError("the reading end of the pipe is closed")
        await self._digest.update(data)
        if self._keep_up_to:
            self._keep(data)
        self._filling.append(data)
        self._filled += len(data)
        if self._filled >= self._piece_size:
            await self._send.send(self._take())
        if self._on_bytes is not None:
            self._on_bytes(len(data))

    def _keep(self, data: bytes) -> None:
        if len(self.kept) + len(data) > self._keep_up_to:
            self.overflowed = True
        elif not self.overflowed:
            self.kept += data

    def _take(self) -> bytes:
        piece = b"".join(self._filling)
        self._filling.clear()
        self._filled = 0
        return piece

    async def crc32(self) -> int:
        """The CRC-32 of everything written (once the writer is done)."""
        return await self._digest.crc32()

    def close(self, error: BaseException | None = None) -> None:
        """The end of the bytes; with `error`, the reader fails instead of ending."""
        self._error = error
        self._send.close()

    def close_reader(self) -> None:
        self._reader_closed = True
        self._receive.close()

    async def chunks(self) -> AsyncIterator[bytes]:
        async for chunk in self._receive:
            yield chunk
        if self._error is not None:
            raise PipeAborted(str(self._error)) from self._error
        if self._filling:
            yield self._take()
