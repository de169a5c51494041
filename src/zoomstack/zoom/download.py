"""Streaming downloads of recording files: chunk by chunk, resumable, verified.

A file never sits whole in memory. A partial file at the destination is resumed
with `Range: bytes=N-` (its first N bytes are hashed from disk), and a transfer
cut mid-way is resumed the same way on the next try. Zoom gives no checksum, so
the SHA-256 of the bytes is computed and returned, and compared when the caller
has one; the size is compared with the recording's `file_size`. A caller whose
writer measures the bytes itself (a storage put does) passes `checksum=False`:
hashing a gigabyte twice costs as much CPU as receiving it.

Zoom's download URLs take the token as `?access_token=` (the emulator too) or as
a bearer header, and redirect to storage; redirects are followed (httpx drops the
Authorization header when the redirect leaves the origin).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import anyio
import httpx

from ..hashing import StreamHash
from .errors import (
    ChecksumMismatchError,
    DownloadError,
    SizeMismatchError,
    error_from_response,
    network_error,
)
from .retry import RetryPolicy, call_with_retry

CHUNK_SIZE = 1 << 16
TokenIn = Literal["query", "header"]

_CONTENT_RANGE = re.compile(r"bytes (\d+)-\d+/(\d+|\*)")


class AsyncWriter(Protocol):
    async def write(self, data: bytes, /) -> Any: ...


@dataclass(frozen=True, slots=True)
class DownloadResult:
    size: int
    sha256: str | None  # None when the download was asked not to hash
    resumed_from: int  # bytes already there before this call (0: a fresh download)
    path: Path | None = None


class _Sink:
    """Where the bytes go; tracks how many arrived and, unless told not to, their
    running hash."""

    def __init__(self, *, checksum: bool = True) -> None:
        self.offset = 0
        self.checksum = checksum
        self.hasher = StreamHash()

    async def write(self, chunk: bytes) -> None:
        await self._write(chunk)
        self.offset += len(chunk)
        if self.checksum:
            await self.hasher.update(chunk)

    async def digest(self) -> str | None:
        return await self.hasher.hexdigest() if self.checksum else None

    async def restart(self) -> None:
        raise DownloadError("the server ignored Range and the writer cannot be rewound")

    async def _write(self, chunk: bytes) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        """Nothing to release by default."""


class _WriterSink(_Sink):
    def __init__(self, writer: AsyncWriter, *, checksum: bool) -> None:
        super().__init__(checksum=checksum)
        self.writer = writer

    async def _write(self, chunk: bytes) -> None:
        await self.writer.write(chunk)

    async def restart(self) -> None:
        if self.offset:
            await super().restart()


class _FileSink(_Sink):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: anyio.AsyncFile[bytes] | None = None

    async def resume(self, expected_size: int | None) -> None:
        """Hash what is already on disk, unless it cannot be a prefix of the file."""
        on_disk = anyio.Path(self.path)
        size = (await on_disk.stat()).st_size if await on_disk.exists() else 0
        if expected_size is not None and size > expected_size:
            size = 0
        async with await anyio.open_file(self.path, "ab+") as file:
            await file.truncate(size)
            await file.seek(0)
            while chunk := await file.read(CHUNK_SIZE):
                await self.hasher.update(chunk)
        self.offset = size

    async def _write(self, chunk: bytes) -> None:
        if self._file is None:
            self._file = await anyio.open_file(self.path, "ab")
        await self._file.write(chunk)

    async def restart(self) -> None:
        await self.close()
        async with await anyio.open_file(self.path, "wb"):
            pass
        self.offset = 0
        self.hasher = StreamHash()

    async def close(self) -> None:
        if self._file is not None:
            await self._file.aclose()
            self._file = None


def _range_start(response: httpx.Response) -> int:
    match = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
    if match is None:
        raise DownloadError("206 answer without a readable Content-Range")
    return int(match.group(1))


class _Transfer:
    """One download: each `attempt` asks for the bytes not yet received."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        url: str,
        sink: _Sink,
        expected_size: int | None,
        auth: tuple[dict[str, str], dict[str, str]],
    ) -> None:
        self.http = http
        self.url = url
        self.sink = sink
        self.expected_size = expected_size
        self.params, self.headers = auth

    def complete(self) -> bool:
        return self.expected_size is not None and self.sink.offset == self.expected_size

    async def attempt(self) -> None:
        if self.complete():
            return
        try:
            await self._stream()
        except httpx.TransportError as exc:
            raise network_error(exc) from exc
        finally:
            await self.sink.close()

    async def _stream(self) -> None:
        headers = dict(self.headers)
        if self.sink.offset:
            headers["range"] = f"bytes={self.sink.offset}-"
        request = self.http.build_request("GET", self.url, params=self.params, headers=headers)
        response = await self.http.send(request, stream=True, follow_redirects=True)
        try:
            if response.status_code == 416 and self.sink.offset:
                await response.aclose()
                await self.sink.restart()  # the partial file is no prefix of theirs
                return await self._stream()
            await self._check(response)
            async for chunk in response.aiter_bytes():  # as they come: a cut keeps them
                self._check_overflow(len(chunk))
                await self.sink.write(chunk)
        finally:
            await response.aclose()

    async def _check(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            await response.aread()
            raise error_from_response(response)
        if response.status_code == 206:
            if _range_start(response) != self.sink.offset:
                raise DownloadError("the server resumed from another offset than asked")
        elif self.sink.offset:
            await self.sink.restart()  # a 200 to a Range request: the whole file again
        length = response.headers.get("content-length", "")
        total = self.sink.offset + int(length) if length.isdigit() else None
        if self.expected_size is not None and total not in (None, self.expected_size):
            raise SizeMismatchError(self.expected_size, total or 0)

    def _check_overflow(self, more: int) -> None:
        if self.expected_size is not None and self.sink.offset + more > self.expected_size:
            raise SizeMismatchError(self.expected_size, self.sink.offset + more)


def _token_placement(token: str | None, token_in: TokenIn) -> tuple[dict[str, str], dict[str, str]]:
    if token is None:
        return {}, {}
    if token_in == "header":
        return {}, {"authorization": f"Bearer {token}"}
    return {"access_token": token}, {}


def _verify(
    sink: _Sink, digest: str | None, expected_size: int | None, expected_sha256: str | None
) -> None:
    if expected_size is not None and sink.offset != expected_size:
        raise SizeMismatchError(expected_size, sink.offset)
    if expected_sha256 is not None and digest is not None and digest != expected_sha256.lower():
        raise ChecksumMismatchError(expected_sha256, digest)


async def download(
    http: httpx.AsyncClient,
    url: str,
    dest: str | os.PathLike[str] | AsyncWriter,
    *,
    expected_size: int | None = None,
    expected_sha256: str | None = None,
    access_token: str | None = None,
    token_in: TokenIn = "query",
    retry: RetryPolicy | None = None,
    checksum: bool = True,
) -> DownloadResult:
    """Stream `url` into a file path (resuming a partial one) or an async writer.

    Raises SizeMismatchError / ChecksumMismatchError when the bytes are not the
    expected ones; a file that fails its checksum is removed, so the next call
    starts clean rather than resuming bad bytes. `checksum=False` (writers only)
    skips the SHA-256: the result's `sha256` is None and only the size is checked.
    """
    sink: _FileSink | _WriterSink
    if isinstance(dest, str | os.PathLike):
        if not checksum:
            raise ValueError("checksum=False is for writers: a resumed file is checked by hash")
        path: Path | None = Path(dest)
        sink = _FileSink(Path(dest))
        await sink.resume(expected_size)
    else:
        if expected_sha256 is not None and not checksum:
            raise ValueError("expected_sha256 needs checksum=True")
        path, sink = None, _WriterSink(dest, checksum=checksum)
    resumed_from = sink.offset
    placement = _token_placement(access_token, token_in)
    transfer = _Transfer(http, url, sink, expected_size, placement)
    await call_with_retry(retry or RetryPolicy(), "GET", transfer.attempt)
    digest = await sink.digest()
    try:
        _verify(sink, digest, expected_size, expected_sha256)
    except ChecksumMismatchError:
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    return DownloadResult(sink.offset, digest, resumed_from, path)
