"""Streaming downloads against a mock file server: resume, redirects, size and checksum."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.zoom.conftest import mock_client, token_answer
from zoomstack.zoom import (
    ChecksumMismatchError,
    DownloadError,
    RecordingFile,
    RetryPolicy,
    SizeMismatchError,
    ZoomClient,
)

DATA = bytes(range(256)) * 800  # 200 KiB: several chunks
SHA = hashlib.sha256(DATA).hexdigest()
URL = "https://zoom.test/rec/download/file-1"


class Wire(httpx.AsyncByteStream):
    """Sends `data` in 16 KiB pieces as a network would, failing after `cut` bytes if given."""

    def __init__(self, data: bytes, cut: int | None = None) -> None:
        self.data = data if cut is None else data[:cut]
        self.cut = cut

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.data), 16384):
            yield self.data[start : start + 16384]
        if self.cut is not None:
            raise httpx.ReadError("connection reset")


class FileServer:
    """Zoom's download endpoint: wants ?access_token=, honours Range (unless told not to)."""

    def __init__(self, data: bytes = DATA, token: str = "tok-1") -> None:
        self.data = data
        self.token = token
        self.ranges = True
        self.break_after: int | None = None  # first answer stops after this many bytes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        answer = token_answer(request, self.token)
        if answer is not None:
            return answer
        self.requests.append(request)
        if not self._authorized(request):
            return httpx.Response(401, json={"code": 124, "message": "Invalid access token."})
        start = self._start(request)
        if start >= len(self.data) and start:
            return httpx.Response(416, headers={"content-range": f"bytes */{len(self.data)}"})
        return self._answer(start)

    def _authorized(self, request: httpx.Request) -> bool:
        bearer = request.headers.get("authorization", "")
        return self.token in (
            request.url.params.get("access_token"),
            bearer.removeprefix("Bearer "),
        )

    def _start(self, request: httpx.Request) -> int:
        header = request.headers.get("range", "")
        if not (self.ranges and header.startswith("bytes=")):
            return 0
        return int(header.removeprefix("bytes=").split("-")[0])

    def _answer(self, start: int) -> httpx.Response:
        body = self.data[start:]
        headers = {"content-length": str(len(body))}
        status = 200
        if start:
            status = 206
            headers["content-range"] = f"bytes {start}-{len(self.data) - 1}/{len(self.data)}"
        cut, self.break_after = self.break_after, None
        return httpx.Response(status, headers=headers, stream=Wire(body, cut))


def client(server: FileServer, retry: RetryPolicy, **options: Any) -> ZoomClient:
    return mock_client(server, retry, **options)


async def test_fresh_download_streams_to_a_file(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    dest = tmp_path / "meeting.mp4"
    async with client(server, retry) as zoom:
        result = await zoom.download(URL, dest, len(DATA))
    assert dest.read_bytes() == DATA
    assert (result.size, result.sha256, result.resumed_from, result.path) == (
        len(DATA),
        SHA,
        0,
        dest,
    )
    assert server.requests[0].url.params["access_token"] == "tok-1"
    assert "range" not in server.requests[0].headers


async def test_partial_file_is_resumed_with_range(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    dest = tmp_path / "meeting.mp4"
    dest.write_bytes(DATA[:70_000])
    async with client(server, retry) as zoom:
        result = await zoom.download(URL, dest, len(DATA), SHA)
    assert server.requests[0].headers["range"] == "bytes=70000-"
    assert dest.read_bytes() == DATA
    assert (result.resumed_from, result.sha256) == (70_000, SHA)


async def test_server_ignoring_range_restarts_the_file(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    server.ranges = False
    dest = tmp_path / "meeting.mp4"
    dest.write_bytes(DATA[:5000])
    async with client(server, retry) as zoom:
        result = await zoom.download(URL, dest, len(DATA))
    assert dest.read_bytes() == DATA
    assert result.sha256 == SHA


async def test_cut_transfer_resumes_where_it_stopped(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    server.break_after = 12_345
    dest = tmp_path / "meeting.mp4"
    async with client(server, retry) as zoom:
        result = await zoom.download(URL, dest, len(DATA), SHA)
    assert [r.headers.get("range") for r in server.requests] == [None, "bytes=12345-"]
    assert dest.read_bytes() == DATA
    assert result.resumed_from == 0


async def test_complete_file_needs_no_request(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    dest = tmp_path / "meeting.mp4"
    dest.write_bytes(DATA)
    async with client(server, retry) as zoom:
        result = await zoom.download(URL, dest, len(DATA), SHA)
    assert server.requests == []
    assert (result.resumed_from, result.sha256) == (len(DATA), SHA)


async def test_416_starts_over(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    dest = tmp_path / "meeting.mp4"
    dest.write_bytes(DATA + b"junk")  # longer than the file: no size given to catch it
    async with client(server, retry) as zoom:
        result = await zoom.download(URL, dest)
    assert [r.headers.get("range") for r in server.requests] == [f"bytes={len(DATA) + 4}-", None]
    assert dest.read_bytes() == DATA
    assert result.sha256 == SHA


async def test_partial_file_longer_than_expected_is_discarded(
    tmp_path: Path, retry: RetryPolicy
) -> None:
    server = FileServer()
    dest = tmp_path / "meeting.mp4"
    dest.write_bytes(DATA + b"junk")
    async with client(server, retry) as zoom:
        result = await zoom.download(URL, dest, len(DATA))
    assert "range" not in server.requests[0].headers
    assert dest.read_bytes() == DATA
    assert result.resumed_from == 0


async def test_checksum_mismatch_removes_the_file(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    dest = tmp_path / "meeting.mp4"
    dest.write_bytes(b"X" * 1000)  # a corrupt prefix: resuming cannot fix it
    async with client(server, retry) as zoom:
        with pytest.raises(ChecksumMismatchError) as caught:
            await zoom.download(URL, dest, len(DATA), SHA)
    assert caught.value.expected == SHA
    assert caught.value.actual == hashlib.sha256(b"X" * 1000 + DATA[1000:]).hexdigest()
    assert not dest.exists()


async def test_announced_size_mismatch(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    async with client(server, retry) as zoom:
        with pytest.raises(SizeMismatchError) as caught:
            await zoom.download(URL, tmp_path / "f.mp4", len(DATA) + 1)
    assert (caught.value.expected, caught.value.actual) == (len(DATA) + 1, len(DATA))


async def test_more_bytes_than_expected_stop_the_transfer(retry: RetryPolicy) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        answer = token_answer(request)
        if answer is not None:
            return answer
        return httpx.Response(200, stream=httpx.ByteStream(DATA))  # no Content-Length

    sink = Collector()
    async with mock_client(handler, retry) as zoom:
        with pytest.raises(SizeMismatchError):
            await zoom.download(URL, sink, 1000)
    assert len(sink.data) <= 1000


async def test_short_body_is_a_size_mismatch(retry: RetryPolicy) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        answer = token_answer(request)
        if answer is not None:
            return answer
        return httpx.Response(200, stream=httpx.ByteStream(DATA[:100]))

    async with mock_client(handler, retry) as zoom:
        with pytest.raises(SizeMismatchError):
            await zoom.download(URL, Collector(), len(DATA))


class Collector:
    """An async writer keeping what it was given (a stand-in for an upload stream)."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.writes = 0

    async def write(self, data: bytes, /) -> None:
        self.data += data
        self.writes += 1


async def test_download_into_an_async_writer(retry: RetryPolicy) -> None:
    server = FileServer()
    server.break_after = 1000
    sink = Collector()
    async with client(server, retry) as zoom:
        result = await zoom.download(URL, sink, len(DATA), SHA)
    assert bytes(sink.data) == DATA
    assert sink.writes > 2  # chunks, not one blob
    assert result.path is None and result.sha256 == SHA
    assert server.requests[1].headers["range"] == "bytes=1000-"


async def test_a_writer_that_hashes_itself_gets_the_bytes_counted_not_hashed(
    retry: RetryPolicy,
) -> None:
    server = FileServer()
    server.break_after = 1000
    sink = Collector()
    async with client(server, retry) as zoom:
        result = await zoom.download(URL, sink, len(DATA), checksum=False)
    assert bytes(sink.data) == DATA
    assert (result.size, result.sha256) == (len(DATA), None)
    assert server.requests[1].headers["range"] == "bytes=1000-"


async def test_skipping_the_checksum_is_refused_where_it_would_hide_a_check(
    tmp_path: Path, retry: RetryPolicy
) -> None:
    async with client(FileServer(), retry) as zoom:
        with pytest.raises(ValueError, match="writers"):
            await zoom.download(URL, tmp_path / "file.mp4", len(DATA), checksum=False)
        with pytest.raises(ValueError, match="expected_sha256"):
            await zoom.download(URL, Collector(), len(DATA), SHA, checksum=False)


async def test_writer_cannot_restart_when_range_is_ignored(retry: RetryPolicy) -> None:
    server = FileServer()
    server.break_after = 1000
    server.ranges = False
    async with client(server, retry) as zoom:
        with pytest.raises(DownloadError, match="cannot be rewound"):
            await zoom.download(URL, Collector(), len(DATA))


async def test_redirect_to_storage_is_followed(tmp_path: Path, retry: RetryPolicy) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        answer = token_answer(request)
        if answer is not None:
            return answer
        seen.append(str(request.url))
        if request.url.host == "zoom.test":
            location = "https://storage.zoom.test/signed/file-1?sig=abc"
            return httpx.Response(302, headers={"location": location})
        return httpx.Response(200, content=DATA)

    async with mock_client(handler, retry) as zoom:
        result = await zoom.download(URL, tmp_path / "f.mp4", len(DATA))
    assert seen == [f"{URL}?access_token=tok-1", "https://storage.zoom.test/signed/file-1?sig=abc"]
    assert result.sha256 == SHA


async def test_bearer_header_instead_of_query(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    async with client(server, retry, download_token_in="header") as zoom:
        await zoom.download(URL, tmp_path / "f.mp4", len(DATA))
    request = server.requests[0]
    assert "access_token" not in request.url.params
    assert request.headers["authorization"] == "Bearer tok-1"


async def test_explicit_download_token_is_used(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer(token="webhook-download-token")
    async with client(server, retry) as zoom:
        await zoom.download(
            URL, tmp_path / "f.mp4", len(DATA), access_token="webhook-download-token"
        )
    assert server.requests[0].url.params["access_token"] == "webhook-download-token"


async def test_refused_token_is_renewed_once(tmp_path: Path, retry: RetryPolicy) -> None:
    tokens = iter(["stale", "tok-1"])
    server = FileServer()

    def handler(request: httpx.Request) -> httpx.Response:
        if token_answer(request) is not None:
            return httpx.Response(200, json={"access_token": next(tokens)})
        return server(request)

    async with mock_client(handler, retry) as zoom:
        result = await zoom.download(URL, tmp_path / "f.mp4", len(DATA))
    assert [r.url.params["access_token"] for r in server.requests] == ["stale", "tok-1"]
    assert result.sha256 == SHA


async def test_recording_file_download_checks_file_size(tmp_path: Path, retry: RetryPolicy) -> None:
    server = FileServer()
    file = RecordingFile(id="f1", file_type="MP4", file_size=len(DATA) - 1, download_url=URL)
    async with client(server, retry) as zoom:
        with pytest.raises(SizeMismatchError):
            await zoom.download_recording_file(file, tmp_path / "f.mp4")
        file.file_size = len(DATA)
        result = await zoom.download_recording_file(file, tmp_path / "f.mp4")
    assert result.sha256 == SHA
