from __future__ import annotations

import hashlib
import zlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from tests.hub.conftest import s3_settings
from zoomstack.config import HubSettings
from zoomstack.hub.storage import ObjectNotFound, ObstoreStorage, StorageError, open_storage

MiB = 1024 * 1024


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> ObstoreStorage:
    """The same tests on the local default and on a real S3-compatible server."""
    if request.param == "local":
        return open_storage(HubSettings(data_dir=tmp_path))
    endpoint: str = request.getfixturevalue("s3_endpoint")
    bucket: str = request.getfixturevalue("s3_bucket")
    return open_storage(s3_settings(f"s3://{bucket}/hub", endpoint))


async def pattern(total: int, chunk: int = 64 * 1024) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        size = min(chunk, total - sent)
        yield bytes([(sent // chunk) % 251]) * size
        sent += size


async def failing_after(count: int) -> AsyncIterator[bytes]:
    for _ in range(count):
        yield b"x" * 1000
    raise RuntimeError("the source broke off")


async def test_streamed_put_and_get_are_byte_exact(storage: ObstoreStorage) -> None:
    total = 6 * MiB + 123  # over one 5 MiB part: a multipart upload on S3
    stored = await storage.put("users/u1/a/file.mp4", pattern(total))
    expected = hashlib.sha256()
    async for chunk in pattern(total):
        expected.update(chunk)
    assert stored.size == total and stored.checksum == expected.hexdigest()
    assert stored.crc32 == zlib.crc32(b"".join([c async for c in pattern(total)]))
    assert (await storage.head("users/u1/a/file.mp4")).size == total
    seen = hashlib.sha256()
    largest = 0
    async for chunk in storage.open("users/u1/a/file.mp4", chunk_size=256 * 1024):
        seen.update(chunk)
        largest = max(largest, len(chunk))
    assert seen.hexdigest() == stored.checksum
    assert largest < total  # streamed in pieces, not handed over whole


async def test_a_span_is_read_alone_and_matches_the_generic_reader(
    storage: ObstoreStorage,
) -> None:
    """What a seeking browser asks for; the store's own ranged read and the base class's
    read-from-the-start give the same bytes."""
    total = 700 * 1024 + 17
    await storage.put("users/u1/a/span.m4a", pattern(total))
    whole = b"".join([chunk async for chunk in storage.open("users/u1/a/span.m4a")])
    generic = super(ObstoreStorage, storage).open_range
    for start, end in [(0, 10), (65_530, 65_540), (300_000, total), (total - 1, total)]:
        ranged = [c async for c in storage.open_range("users/u1/a/span.m4a", start, end)]
        assert b"".join(ranged) == whole[start:end], (start, end)
        read = [c async for c in generic("users/u1/a/span.m4a", start, end)]
        assert b"".join(read) == whole[start:end], (start, end)
    with pytest.raises(ObjectNotFound):
        async for _ in storage.open_range("nope", 0, 5):
            pass


async def test_a_failed_put_leaves_no_object(storage: ObstoreStorage) -> None:
    with pytest.raises(RuntimeError, match="broke off"):
        await storage.put("users/u1/partial.mp4", failing_after(3))
    with pytest.raises(ObjectNotFound):
        await storage.head("users/u1/partial.mp4")


async def test_missing_objects(storage: ObstoreStorage) -> None:
    with pytest.raises(ObjectNotFound):
        await storage.head("nope")
    with pytest.raises(ObjectNotFound):
        async for _ in storage.open("nope"):
            pass
    await storage.delete("nope")  # deleting what is not there is fine


async def test_delete_and_check(storage: ObstoreStorage) -> None:
    await storage.put("k", pattern(10))
    await storage.delete("k")
    with pytest.raises(ObjectNotFound):
        await storage.head("k")
    await storage.check()


async def test_presign_only_where_the_store_can(storage: ObstoreStorage) -> None:
    await storage.put("users/u1/p.vtt", pattern(5000))
    url = await storage.presign("users/u1/p.vtt", expires_in=timedelta(minutes=5))
    if storage.kind == "local":
        assert url is None
        return
    assert url is not None and "X-Amz-Signature" in url
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
    assert response.status_code == 200 and len(response.content) == 5000


async def test_s3_objects_live_under_the_prefix(s3_endpoint: str, s3_bucket: str) -> None:
    storage = open_storage(s3_settings(f"s3://{s3_bucket}/tenant-a", s3_endpoint))
    await storage.put("x/y.mp4", pattern(10))
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{s3_endpoint}/{s3_bucket}", params={"list-type": "2"})
    assert "<Key>tenant-a/x/y.mp4</Key>" in response.text


async def test_a_missing_bucket_fails_the_check(s3_endpoint: str) -> None:
    with pytest.raises(StorageError):
        await open_storage(s3_settings("s3://no-such-bucket", s3_endpoint)).check()


def test_unknown_storage_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported storage URL"):
        open_storage(HubSettings(data_dir=tmp_path, storage_url="ftp://x/y"))


def test_file_url_names_the_folder(tmp_path: Path) -> None:
    storage = open_storage(HubSettings(storage_url=f"file://{tmp_path}/media"))
    assert storage.kind == "local" and (tmp_path / "media").is_dir()
