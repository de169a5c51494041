"""Writers racing each other across processes, on SQLite (WAL) and PostgreSQL.

- Four clients PATCH one meeting at once through three emulator worker processes,
  each changing its own fields and all of them one shared field: every client's own
  fields end at its last value (no update lost to another's read-modify-write), and
  the shared field at one of the clients' last values (the last write wins, whole).
- Two hub processes on one database and one storage sync the same account at the
  same moment: every cloud file is stored once, as one row and one object.
- The workers of one hub, starting together, all ensure the demo user and its key.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import POSTGRES_URL, store_urls
from tests.reliability.processes import Served, clean_env, emulator, s2s_headers
from tests.reliability.test_crash_emulator import wipe
from tests.reliability.test_crash_hub import (
    KEY,
    PG_SCHEMA,
    _drop_schema,
    every_recording,
    hub_process,
    record_meetings,
    stored_objects,
    wait_for,
)
from zoomstack.config import HubSettings
from zoomstack.hub import bootstrap
from zoomstack.hub.auth import users
from zoomstack.hub.auth.tokens import find_token
from zoomstack.hub.bootstrap import ensure_demo_user
from zoomstack.hub.db.models import ApiToken, User
from zoomstack.hub.state import Hub

CLIENTS = 4
ROUNDS = 25
ZONES = ["Europe/Berlin", "Asia/Tokyo", "America/Chicago", "Australia/Sydney"]
OWN = ["topic", "agenda", "duration", "password"]  # client n changes OWN[n] only
OWN_SETTINGS = ["host_video", "participant_video", "mute_upon_entry", "waiting_room"]


def value(field: str, client: int, round_: int) -> Any:
    if field == "duration":
        return 30 + client * 100 + round_
    if field == "password":
        return f"p{client}{round_:03d}"
    return f"{field} by {client} #{round_}"


async def patcher(http: httpx.AsyncClient, path: str, client: int) -> None:
    for round_ in range(ROUNDS):
        body = {
            OWN[client]: value(OWN[client], client, round_),
            "timezone": ZONES[(client + round_) % len(ZONES)],
            "settings": {OWN_SETTINGS[client]: round_ % 2 == 0},
        }
        answer = await http.patch(path, json=body)
        assert answer.status_code == 204, answer.text


async def race(base: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, headers=s2s_headers(base)) as http:
        made = await http.post("/v2/users/me/meetings", json={"topic": "Race", "type": 2})
        path = f"/v2/meetings/{made.json()['id']}"
        # One connection per client: the kernel spreads them over the workers.
        clients = [httpx.AsyncClient(base_url=base, headers=http.headers) for _ in range(CLIENTS)]
        try:
            await asyncio.gather(*(patcher(c, path, n) for n, c in enumerate(clients)))
        finally:
            await asyncio.gather(*(c.aclose() for c in clients))
        final: dict[str, Any] = (await http.get(path)).json()
        return final


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_concurrent_patches_to_one_meeting_lose_no_field(kind: str, tmp_path: Path) -> None:
    url = store_urls(tmp_path)[kind]
    wipe(url)
    server = Served(
        ["emulator", "--db", url, "--workers", "3"],
        clean_env(),
        "/_emulator/health",
        tmp_path / "emulator.log",
    ).start()
    try:
        final = asyncio.run(race(server.url))
    finally:
        server.stop()
    last = ROUNDS - 1
    for client in range(CLIENTS):
        assert final[OWN[client]] == value(OWN[client], client, last), OWN[client]
        assert final["settings"][OWN_SETTINGS[client]] is (last % 2 == 0), OWN_SETTINGS[client]
    assert final["timezone"] in {ZONES[(client + last) % len(ZONES)] for client in range(CLIENTS)}


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_two_hubs_syncing_one_account_at_once_store_each_file_once(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    zoom = emulator(f"sqlite:///{tmp_path / 'emulator.sqlite3'}", tmp_path / "emulator.log")
    zoom.start()
    request.addfinalizer(zoom.stop)
    cloud = record_meetings(zoom)
    db = hub_database(kind, tmp_path)
    hubs = [hub_process(zoom, db, tmp_path) for _ in range(2)]
    for server in hubs:  # one after the other: the first migrates the database
        server.start()
        request.addfinalizer(server.stop)
    runs = sync_together([server.url for server in hubs])
    for base, run_id in runs:
        run_url = f"{base}/sync/runs/{run_id}"
        done = wait_for(
            lambda url=run_url: (
                (r := httpx.get(url, headers=KEY).json())["status"] != "listing"
                and r["status"] != "fetching"
                and r
            ),
            "both runs to finish",
        )
        assert done["status"] == "done", done
    kept = every_recording(hubs[0].url)
    assert sorted(r["checksum"] for r in kept) == sorted(
        hashlib.sha256(data).hexdigest() for data in cloud.values()
    )
    objects = stored_objects(tmp_path / "hub")
    assert len(objects) == len(cloud), sorted(p.name for p in objects)


def hub_database(kind: str, tmp_path: Path) -> dict[str, str]:
    if kind == "sqlite":
        return {"db": f"sqlite:///{tmp_path / 'hub.sqlite3'}"}
    asyncio.run(_drop_schema(PG_SCHEMA))
    return {"db": POSTGRES_URL, "db_schema": PG_SCHEMA}


def sync_together(bases: list[str]) -> list[tuple[str, str]]:
    """POST /sync to every hub at the same moment; (hub, run id) for each."""
    barrier = threading.Barrier(len(bases))
    runs: list[tuple[str, str]] = []

    def start(base: str) -> None:
        barrier.wait()
        answer = httpx.post(f"{base}/sync", json={}, headers=KEY)
        assert answer.status_code == 202, answer.text
        runs.append((base, answer.json()["id"]))

    threads = [threading.Thread(target=start, args=(base,)) for base in bases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runs) == len(bases)
    return runs


async def test_hub_workers_starting_at_once_share_one_demo_user_and_key(
    hub_app: FastAPI,
    hub_client: httpx.AsyncClient,
    hub_settings: HubSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every worker of `zoomstack hub --workers N` ensures the demo user at start; one
    that looked before another's commit once failed its start, and the hub stopped."""
    hub: Hub = hub_app.state.hub
    settings = hub_settings.model_copy(update={"demo_user": True})
    async with hub.db.sessions() as session:
        first = await ensure_demo_user(session, passwords=hub.passwords, settings=settings)
    looked_early = {"user": True, "key": True}  # its first looks came before that commit

    async def user_by_email(session: AsyncSession, *, email: str) -> User | None:
        return None if looked_early.pop("user", False) else await by_email(session, email=email)

    async def token(session: AsyncSession, *, value: str) -> ApiToken | None:
        return None if looked_early.pop("key", False) else await find_token(session, value=value)

    by_email = users.get_user_by_email
    monkeypatch.setattr(users, "get_user_by_email", user_by_email)
    monkeypatch.setattr(bootstrap, "find_token", token)
    async with hub.db.sessions() as session:
        second = await ensure_demo_user(session, passwords=hub.passwords, settings=settings)
        keys = await session.scalars(select(ApiToken).where(ApiToken.name == "demo"))
        assert second.id == first.id and len(keys.all()) == 1
    assert not looked_early
