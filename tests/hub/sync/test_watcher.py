"""The folder watcher: files dropped into a folder are stored once each, once complete."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from tests.hub.sync.conftest import ensure_owner, read_object, recordings, running_hub
from tests.hub.sync.faults import FaultyStorage
from zoomstack.config import HubSettings
from zoomstack.hub.state import Hub
from zoomstack.hub.sync import Background

ZOOM_FOLDER = "2024-05-01 14.30.00 Weekly Sync 81234567890"


async def stored_count(hub: Hub) -> int:
    return len(await recordings(hub))


async def write_slowly(path: Path, parts: list[bytes], pause: float) -> None:
    """Zoom converting a recording: the file grows in pieces, reopened for each."""
    for part in parts:
        with path.open("ab") as file:
            file.write(part)
        await asyncio.sleep(pause)


async def settled(background: Background, count: int) -> None:
    hub = background.hub
    async with asyncio.timeout(20):
        while True:
            if await stored_count(hub) >= count and not background.watcher.status()["waiting"]:
                break
            await asyncio.sleep(0.05)
    await asyncio.sleep(4 * background.watcher.settle_seconds)  # time to (wrongly) store more


async def test_files_are_stored_once_each_when_complete(
    sync_settings: HubSettings, tmp_path: Path
) -> None:
    settings = sync_settings.model_copy(update={"watch_settle_seconds": 1.5})
    root = tmp_path / "Zoom"
    meeting = root / ZOOM_FOLDER
    meeting.mkdir(parents=True)
    (meeting / "audio1234567890.m4a").write_bytes(b"before start " * 1000)
    (root / "notes.txt").write_text("not a recording")
    async with running_hub(settings, None) as background:
        hub = background.hub
        hub.storage = counting = FaultyStorage(hub.storage, marker="\0")
        owner = await ensure_owner(hub)
        await background.watcher.start(root, user_id=owner)
        parts = [os.urandom(50_000) for _ in range(6)]
        await write_slowly(meeting / "video1234567890.mp4", parts, pause=0.2)
        (meeting / "closed_caption.vtt").write_text(
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nAda: Hello all.\n"
        )
        await settled(background, 3)
        rows = {Path(r.external_id or "").name: r for r in await recordings(hub)}
        assert counting.puts == 3
        assert sorted(rows) == ["audio1234567890.m4a", "closed_caption.vtt", "video1234567890.mp4"]
        video = rows["video1234567890.mp4"]
        assert await read_object(hub, video.storage_key) == b"".join(parts)
        assert (video.meeting_title, video.meeting_id, video.source) == (
            "Weekly Sync", "81234567890", "folder",
        )  # fmt: skip
        assert video.meeting_start is not None
        assert video.meeting_start.astimezone().strftime("%Y-%m-%d %H.%M.%S") == ZOOM_FOLDER[:19]
        assert rows["closed_caption.vtt"].transcription_text == "Ada: Hello all."


async def test_a_restarted_watcher_picks_up_new_files_and_skips_stored_ones(
    sync_settings: HubSettings, tmp_path: Path
) -> None:
    settings = sync_settings.model_copy(update={"watch_settle_seconds": 0.2})
    root = tmp_path / "Zoom"
    root.mkdir()
    (root / "first.mp3").write_bytes(b"one" * 100)
    async with running_hub(settings, None) as background:
        owner = await ensure_owner(background.hub)
        await background.watcher.start(root, user_id=owner)
        await settled(background, 1)
        await background.watcher.stop()
    (root / "second.wav").write_bytes(b"two" * 100)
    async with running_hub(settings, None) as background:
        await background.watcher.start(root, user_id=owner)
        await settled(background, 2)
        names = sorted(Path(r.external_id or "").name for r in await recordings(background.hub))
        assert names == ["first.mp3", "second.wav"]
        assert background.watcher.handed_over == 1
