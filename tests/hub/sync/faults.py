"""Transports and storage that misbehave on one file, the way networks and disks do."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, AsyncIterator
from datetime import timedelta

import httpx

from zoomstack.hub.storage import ObjectInfo, Storage, StoredObject


class _Body(httpx.AsyncByteStream):
    def __init__(
        self, data: bytes, fault: str, stalled: asyncio.Event, resume: asyncio.Event
    ) -> None:
        self.data, self.fault, self.stalled, self.resume = data, fault, stalled, resume

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.fault in ("", "short"):
            yield self.data
            return
        half = len(self.data) // 2
        yield self.data[:half]
        if self.fault == "cut":
            raise httpx.ReadError("connection reset mid-file")
        if self.fault == "boom":
            raise RuntimeError("the process failed mid-file")
        self.stalled.set()
        await self.resume.wait()  # "stall": until cancelled, or told to go on
        yield self.data[half:]


class FaultyZoom(httpx.AsyncBaseTransport):
    """Passes everything to `inner`, except downloads of `file_id`, which get `fault`:
    "cut" (a network cut half way, first request only), "boom" (an error half way, first
    request only), "stall" (hangs half way until `resume` is set, first request only),
    "short" (10 bytes missing, every time)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, file_id: str, fault: str) -> None:
        self.inner, self.file_id, self.fault = inner, file_id, fault
        self.ranges: list[str | None] = []
        self.stalled = asyncio.Event()
        self.resume = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if not request.url.path.endswith(f"/rec/download/{self.file_id}"):
            return response
        self.ranges.append(request.headers.get("range"))
        data = await response.aread()
        fault = self.fault if self.fault == "short" or len(self.ranges) == 1 else ""
        if fault == "short":
            data = data[:-10]
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        if fault != "short":  # a short one goes chunked: the shortfall shows at the end
            headers["content-length"] = str(len(data))
        return httpx.Response(
            response.status_code,
            headers=headers,
            stream=_Body(data, fault, self.stalled, self.resume),
        )


class FaultyStorage(Storage):
    """Stores what it is given, except objects whose key contains `marker`: with
    "flip" their first byte is flipped on the way in (what a faulty disk or proxy
    does), with "short" they lose their last byte (a store that acknowledges early)."""

    def __init__(self, inner: Storage, marker: str, fault: str = "flip") -> None:
        self.inner, self.marker, self.kind, self.fault = inner, marker, inner.kind, fault
        self.puts = 0

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> StoredObject:
        self.puts += 1
        if self.marker in key:
            chunks = self._flip(chunks) if self.fault == "flip" else self._short(chunks)
        return await self.inner.put(key, chunks)

    async def _flip(self, chunks: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
        first = True
        async for chunk in chunks:
            if first and chunk:
                chunk = bytes([chunk[0] ^ 0xFF]) + chunk[1:]
                first = False
            yield chunk

    async def _short(self, chunks: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
        held = b""
        async for chunk in chunks:
            if held:
                yield held
            held = chunk
        yield held[:-1]

    def open(self, key: str, *, chunk_size: int = 256 * 1024) -> AsyncIterator[bytes]:
        return self.inner.open(key, chunk_size=chunk_size)

    async def head(self, key: str) -> ObjectInfo:
        return await self.inner.head(key)

    async def delete(self, key: str) -> None:
        await self.inner.delete(key)

    async def presign(self, key: str, *, expires_in: timedelta) -> str | None:
        return await self.inner.presign(key, expires_in=expires_in)

    async def check(self) -> None:
        await self.inner.check()

    @property
    def store(self) -> object:
        return self.inner.store  # type: ignore[attr-defined]
