"""A local file into storage: stored whole with its SHA-256, or not at all."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.hub.sync.faults import FaultyStorage
from zoomstack.config import HubSettings
from zoomstack.hub.storage import ObjectNotFound, open_storage
from zoomstack.hub.sync.transfer import IntegrityFailure, local_file


def source(tmp_path: Path, size: int) -> tuple[Path, bytes]:
    path = tmp_path / "in" / "meeting.m4a"
    path.parent.mkdir()
    data = os.urandom(size)
    path.write_bytes(data)
    return path, data


async def test_a_local_file_is_stored_with_its_sha256(tmp_path: Path) -> None:
    storage = open_storage(HubSettings(data_dir=tmp_path / "data"))
    path, data = source(tmp_path, 3 * 1024 * 1024 + 5)
    stat = path.stat()
    done = await local_file(
        storage, key="u/a.m4a", path=path, size=stat.st_size, mtime_ns=stat.st_mtime_ns,
        keep_text=False,
    )  # fmt: skip
    assert done.stored.checksum == hashlib.sha256(data).hexdigest()
    assert b"".join([chunk async for chunk in storage.open("u/a.m4a")]) == data


@pytest.mark.parametrize(("fault", "reason"), [("flip", "checksum"), ("short", "size")])
async def test_a_local_file_stored_wrong_is_deleted_and_refused(
    tmp_path: Path, fault: str, reason: str
) -> None:
    storage = FaultyStorage(open_storage(HubSettings(data_dir=tmp_path / "data")), "a.m4a", fault)
    path, _ = source(tmp_path, 200_000)
    stat = path.stat()
    with pytest.raises(IntegrityFailure, match=f"^{reason} mismatch"):
        await local_file(
            storage, key="u/a.m4a", path=path, size=stat.st_size, mtime_ns=stat.st_mtime_ns,
            keep_text=False,
        )  # fmt: skip
    with pytest.raises(ObjectNotFound):
        await storage.head("u/a.m4a")
