"""Sync fixtures: an emulator with users and a few short recorded meetings, and a hub
(database, storage, job engine) connected to it with the emulator's S2S credentials."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import obstore
import pytest
from starlette.applications import Starlette

from tests.conftest import BASE
from zoomstack.config import HubSettings
from zoomstack.emulator.app import create_app
from zoomstack.emulator.seed import seed
from zoomstack.emulator.state import Emulator
from zoomstack.hub.db.models import Recording
from zoomstack.hub.db.sync_models import SyncRun
from zoomstack.hub.state import Hub, open_hub
from zoomstack.hub.sync import Background
from zoomstack.hub.sync.service import default_window

OWNER = "owner@example.com"
MEETING = {"type": 2, "start_time": "2030-01-02T15:00:00Z", "duration": 30}
WAIT_SECONDS = 60  # far beyond what any wait here takes: past it, something is stuck


@dataclass(frozen=True)
class CloudFile:
    id: str
    meeting_uuid: str
    meeting_id: str
    topic: str
    file_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@pytest.fixture
async def zoom_app(emulator: Emulator) -> AsyncIterator[Starlette]:
    app = create_app(emulator=emulator)
    async with app.router.lifespan_context(app):
        yield app


async def _simulate(http: httpx.AsyncClient, host: str, topic: str, n: int) -> dict[str, Any]:
    made = await http.post(f"/v2/users/{host}/meetings", json={**MEETING, "topic": topic})
    assert made.status_code == 201, made.text
    body = {"participants": 2, "duration": 1, "seed": n}
    ran = await http.post(f"/_emulator/meetings/{made.json()['id']}/simulate", json=body)
    assert ran.status_code == 201, ran.text
    report: dict[str, Any] = ran.json()
    return report


async def _files(http: httpx.AsyncClient, report: dict[str, Any]) -> list[CloudFile]:
    files = []
    for file in report["recording"]["recording_files"]:
        got = await http.get(file["download_url"])
        assert got.status_code == 200, got.text
        meeting = (report["uuid"], str(report["meeting_id"]), report["topic"])
        files.append(CloudFile(file["id"], *meeting, file["file_type"], got.content))
    return files


@pytest.fixture
async def cloud(zoom_app: Starlette, emulator: Emulator, auth: dict[str, str]) -> list[CloudFile]:
    return await record_meetings(zoom_app, emulator, auth)


async def record_meetings(
    zoom_app: Starlette, emulator: Emulator, auth: dict[str, str]
) -> list[CloudFile]:
    """Two seeded users and the owner, three short recorded meetings: every cloud file."""
    await seed(emulator, users=2, meetings_per_user=0, seed=11)
    transport = httpx.ASGITransport(app=zoom_app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=auth) as http:
        users = (await http.get("/v2/users")).json()["users"]
        hosts = ["me", users[0]["id"], users[1]["id"]]
        reports = [
            await _simulate(http, host, f"Design review {n}", n) for n, host in enumerate(hosts)
        ]
        return [file for report in reports for file in await _files(http, report)]


def hub_settings_for(
    emulator: Emulator, hub_db: tuple[str, str], tmp_path: Path, **extra: Any
) -> HubSettings:
    url, schema = hub_db
    emu = emulator.settings
    values: dict[str, Any] = {
        "db": url,
        "db_schema": schema,
        "data_dir": tmp_path / "hub",
        "zoom_api_url": f"{BASE}/v2",
        "zoom_required": False,
        "zoom_account_id": emu.account_id,
        "zoom_client_id": emu.client_id,
        "zoom_client_secret": emu.client_secret,
        "sync_user": OWNER,
        "sync_interval_seconds": 0,
        "reconcile_interval_seconds": 3600,
        "sync_retry_seconds": 0.01,
        "redis_url": "",
        "password_time_cost": 1,
        "password_memory_kib": 1024,
        **extra,
    }
    return HubSettings(**values)


@pytest.fixture
def sync_settings(emulator: Emulator, hub_db: tuple[str, str], tmp_path: Path) -> HubSettings:
    return hub_settings_for(emulator, hub_db, tmp_path)


@asynccontextmanager
async def running_hub(
    settings: HubSettings, transport: httpx.AsyncBaseTransport | None
) -> AsyncIterator[Background]:
    """A hub's state and background work, as `zoomstack hub` starts them; stopped after."""
    hub = await open_hub(settings)
    try:
        await ensure_owner(hub)
        background = await Background.start(hub, zoom_transport=transport, periodic=False)
        try:
            yield background
        finally:
            await background.stop()
    finally:
        await hub.close()


async def ensure_owner(hub: Hub) -> str:
    from zoomstack.hub.auth.users import create_user, get_user_by_email

    async with hub.db.sessions() as session:
        user = await get_user_by_email(session, email=OWNER)
        if user is None:
            user = await create_user(
                session, passwords=hub.passwords, email=OWNER, password="x" * 12
            )
        return user.id


async def sync_once(background: Background) -> str:
    """One run over the default window, waited for; its id."""
    run = await start_sync(background)
    finished = await finish(background, run.id)
    assert finished.status == "done", finished.error
    return run.id


async def start_sync(background: Background) -> SyncRun:
    """A run over the default window, started, not waited for."""
    start, end = default_window(90)
    owner = await background.sync.owner_id()
    return await background.sync.start_run(user_id=owner, start=start, end=end)


async def finish(background: Background, run_id: str) -> SyncRun:
    """The run once it is done or failed; a run that never ends fails the test."""
    async with asyncio.timeout(WAIT_SECONDS):
        return await background.sync.wait(run_id, poll=0.02)


async def bounded(event: asyncio.Event) -> None:
    async with asyncio.timeout(WAIT_SECONDS):
        await event.wait()


async def until_listed(background: Background, run_id: str) -> None:
    """Until the run's listing has ended (every file it found recorded)."""
    async with asyncio.timeout(WAIT_SECONDS):
        while True:
            if (await background.sync.run(run_id)).status != "listing":
                return
            await asyncio.sleep(0.02)


async def recordings(hub: Hub) -> list[Recording]:
    from sqlalchemy import select

    async with hub.db.sessions() as session:
        return list(await session.scalars(select(Recording).order_by(Recording.external_id)))


async def stored_keys(hub: Hub) -> list[str]:
    """Every object in the hub's storage (not the health probe)."""
    store = hub.storage.store  # type: ignore[attr-defined]
    keys = []
    async for batch in obstore.list(store):
        keys += [entry["path"] for entry in batch]
    return sorted(key for key in keys if not key.startswith(".health"))


async def read_object(hub: Hub, key: str) -> bytes:
    return b"".join([chunk async for chunk in hub.storage.open(key)])


async def assert_mirrors(hub: Hub, cloud: list[CloudFile]) -> None:
    """Each cloud file stored once, byte-exact, with its metadata; nothing else stored."""
    rows = {row.external_id: row for row in await recordings(hub)}
    assert sorted(rows) == sorted(file.id for file in cloud)
    for file in cloud:
        row = rows[file.id]
        assert await read_object(hub, row.storage_key) == file.data
        assert (row.file_size, row.checksum) == (len(file.data), file.sha256)
        assert (row.meeting_uuid, row.meeting_id) == (file.meeting_uuid, file.meeting_id)
        assert (row.file_type, row.meeting_title, row.source) == (
            file.file_type,
            file.topic,
            "cloud",
        )
        assert row.processing_status == "stored" and row.meeting_start is not None
    assert await stored_keys(hub) == sorted(row.storage_key for row in rows.values())
