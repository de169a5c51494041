"""Storage over obstore: LocalStore (a data-dir folder) or S3Store (any S3-compatible)."""

from __future__ import annotations

import asyncio
import glob
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import obstore
from obstore.exceptions import BaseError
from obstore.store import LocalStore, S3Store

from ...config import HubSettings
from .base import Meter, ObjectInfo, ObjectNotFound, Storage, StorageError, StoredObject

if TYPE_CHECKING:  # typing-only names in obstore's stubs
    from obstore import GetOptions
    from obstore.store import ClientConfig, S3Config

PROBE_KEY = ".health/probe"
# What a put hands obstore at a time: small network reads joined into pieces of this
# size, so each crossing into obstore (a round trip between its threads and the event
# loop) carries a megabyte rather than a few kilobytes.
PIECE_SIZE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Parts:
    """How a put is cut: parts of `size` bytes, `concurrency` of them in flight, so an
    upload holds at most about size * (concurrency + 1) bytes whatever the file's size."""

    size: int
    concurrency: int


# Local disk: one piece per part, written in place (no copy into a bigger buffer).
LOCAL_PARTS = Parts(size=PIECE_SIZE, concurrency=2)
# S3: parts of 5 MiB, the smallest S3 takes (the last excepted), a few at once.
S3_PARTS = Parts(size=5 * 1024 * 1024, concurrency=4)


class ObstoreStorage(Storage):
    def __init__(self, store: LocalStore | S3Store, *, kind: str) -> None:
        self.store = store
        self.kind = kind
        self.parts = LOCAL_PARTS if isinstance(store, LocalStore) else S3_PARTS

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> StoredObject:
        meter = Meter(_pieces(chunks, PIECE_SIZE))
        try:
            await obstore.put_async(
                self.store, key, meter,
                chunk_size=self.parts.size, max_concurrency=self.parts.concurrency,
            )  # fmt: skip
        except BaseError as exc:
            raise StorageError(f"could not store {key}: {type(exc).__name__}") from exc
        return StoredObject(key, meter.size, meter.checksum, meter.crc32)

    async def open(self, key: str, *, chunk_size: int = 256 * 1024) -> AsyncIterator[bytes]:
        async for chunk in self._read(key, {}, chunk_size):
            yield chunk

    async def open_range(
        self, key: str, start: int, end: int, *, chunk_size: int = 256 * 1024
    ) -> AsyncIterator[bytes]:
        """Only the span is read (a ranged GET on S3), so seeking late into a long
        recording costs what it plays."""
        if end <= start:
            return
        async for chunk in self._read(key, {"range": (start, end)}, chunk_size):
            yield chunk

    async def _read(self, key: str, options: GetOptions, chunk_size: int) -> AsyncIterator[bytes]:
        try:
            result = await obstore.get_async(self.store, key, options=options)
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        except BaseError as exc:
            raise StorageError(f"could not read {key}: {type(exc).__name__}") from exc
        async for chunk in result.stream(min_chunk_size=chunk_size):
            yield bytes(chunk)

    async def head(self, key: str) -> ObjectInfo:
        try:
            meta = await obstore.head_async(self.store, key)
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        except BaseError as exc:
            raise StorageError(f"could not read {key}: {type(exc).__name__}") from exc
        return ObjectInfo(key=key, size=meta["size"])

    async def delete(self, key: str) -> None:
        try:
            await obstore.delete_async(self.store, key)
        except FileNotFoundError:
            pass
        except BaseError as exc:
            raise StorageError(f"could not delete {key}: {type(exc).__name__}") from exc

    async def discard(self, key: str) -> None:
        await self.delete(key)
        if isinstance(self.store, LocalStore):  # S3: a bucket lifecycle rule ends stale uploads
            await asyncio.to_thread(_remove_staging, self.store, key)

    async def presign(self, key: str, *, expires_in: timedelta) -> str | None:
        if not isinstance(self.store, S3Store):
            return None
        return await obstore.sign_async(self.store, "GET", key, expires_in)

    async def check(self) -> None:
        try:
            await obstore.put_async(self.store, PROBE_KEY, b"ok")
            await obstore.head_async(self.store, PROBE_KEY)
            await obstore.delete_async(self.store, PROBE_KEY)
        except (BaseError, OSError) as exc:
            raise StorageError(f"{type(exc).__name__}: {_first_line(exc)}") from exc


async def _pieces(chunks: AsyncIterable[bytes], size: int) -> AsyncIterator[bytes]:
    """`chunks` joined into pieces of at least `size` bytes (the last one may be
    smaller); a chunk that is already that big passes as it is."""
    waiting: list[bytes] = []
    held = 0
    async for chunk in chunks:
        if not waiting and len(chunk) >= size:
            yield chunk
            continue
        waiting.append(chunk)
        held += len(chunk)
        if held >= size:
            yield b"".join(waiting)
            waiting.clear()
            held = 0
    if waiting:
        yield b"".join(waiting)


def _remove_staging(store: LocalStore, key: str) -> None:
    """The `<key>#<n>` files a local multipart put writes into before renaming them."""
    path = Path(store.prefix or "") / key
    if path.parent.is_dir():
        for staged in path.parent.glob(f"{glob.escape(path.name)}#*"):
            staged.unlink(missing_ok=True)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else ""


def open_storage(settings: HubSettings) -> ObstoreStorage:
    """The store `settings.storage_url` names: empty or file:// (local) or s3://."""
    url = settings.storage_url
    if not url:
        return _local(settings.data_dir / "storage")
    parts = urlsplit(url)
    if parts.scheme == "file":
        return _local(Path(parts.path))
    if parts.scheme in ("s3", "s3a"):
        return ObstoreStorage(_s3(settings, parts.netloc, parts.path.strip("/")), kind="s3")
    raise ValueError(f"unsupported storage URL {url!r}: use file:///path or s3://bucket/prefix")


def _local(path: Path) -> ObstoreStorage:
    path.mkdir(parents=True, exist_ok=True)
    return ObstoreStorage(LocalStore(path), kind="local")


def _s3(settings: HubSettings, bucket: str, prefix: str) -> S3Store:
    config: S3Config = {"region": settings.s3_region}
    client: ClientConfig = {}
    if settings.s3_endpoint:
        config["endpoint"] = settings.s3_endpoint
        client["allow_http"] = settings.s3_endpoint.startswith("http://")
    if settings.s3_access_key_id:
        config["access_key_id"] = settings.s3_access_key_id
        config["secret_access_key"] = settings.s3_secret_access_key.get_secret_value()
    return S3Store(bucket, prefix=prefix or None, config=config, client_options=client)
