from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import orjson
import pytest
from typer.testing import CliRunner

from tests.conftest import POSTGRES_URL
from zoomstack.cli import app
from zoomstack.config import EmulatorSettings
from zoomstack.emulator.accounts import ensure_default_account
from zoomstack.emulator.seed import seed
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.store import Doc, open_store

NOW = datetime(2026, 3, 10, tzinfo=UTC)
SEEDED = {
    "user",
    "meeting",
    "past_meeting",
    "participant",
    "recording",
    "recording_content",
    "meeting_summary",
}


async def _seeded_docs(url: str, seed_value: int) -> list[tuple[str, str, str, str, str, bytes]]:
    """What a seed run stores in a fresh store, minus the default account's own documents."""
    store = await open_store(url)
    await store.reset()
    emu = Emulator(
        settings=EmulatorSettings(db=url, public_url="http://emulator.test"), store=store
    )
    try:
        await ensure_default_account(emu)
        owner = {d.id for d in await store.dump() if d.kind == "user"}
        await seed(emu, users=4, meetings_per_user=5, seed=seed_value, now=NOW, batch_size=50)
        docs = [d for d in await store.dump() if d.kind in SEEDED and d.id not in owner]
        return sorted(_row(d) for d in docs)
    finally:
        await store.close()


def _row(doc: Doc) -> tuple[str, str, str, str, str, bytes]:
    body = orjson.dumps(doc.body, option=orjson.OPT_SORT_KEYS)
    return (
        doc.kind,
        doc.id,
        doc.parent,
        doc.tag,
        doc.sort,
        body + orjson.dumps(sorted(doc.aliases)),
    )


async def test_same_seed_same_data_on_either_store(tmp_path: Path) -> None:
    first = await _seeded_docs(f"sqlite:///{tmp_path / 'a.sqlite3'}", 5)
    assert first == await _seeded_docs(f"sqlite:///{tmp_path / 'b.sqlite3'}", 5)
    assert first == await _seeded_docs(POSTGRES_URL, 5)
    assert first != await _seeded_docs(f"sqlite:///{tmp_path / 'c.sqlite3'}", 6)


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_seeded_data_reads_back_through_the_api(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    made = await seed(emulator, users=3, meetings_per_user=6, seed=11, now=NOW)
    assert made["users"] == 3 and made["meetings"] == 18
    assert made["recordings"] == made["summaries"] == made["past_instances"] > 0
    users = (await client.get("/v2/users", headers=auth, params={"page_size": 300})).json()["users"]
    assert len(users) == 4  # and the account owner
    window = {"from": "2026-02-01", "to": "2026-03-31", "page_size": "300"}
    listed = 0
    for user in users:
        meetings = (
            await client.get(
                f"/v2/users/{user['id']}/meetings", headers=auth, params={"page_size": 300}
            )
        ).json()
        for meeting in meetings["meetings"]:  # connectors walk every listed meeting
            assert (
                await client.get(f"/v2/meetings/{meeting['id']}", headers=auth)
            ).status_code == 200
        recordings = (
            await client.get(f"/v2/users/{user['id']}/recordings", headers=auth, params=window)
        ).json()
        listed += recordings["total_records"]
        for recording in recordings["meetings"][:2]:
            past = (
                await client.get(f"/v2/past_meetings/{recording['id']}/instances", headers=auth)
            ).json()
            assert recording["uuid"] in {m["uuid"] for m in past["meetings"]}
            vtt = next(f for f in recording["recording_files"] if f["file_type"] == "TRANSCRIPT")
            got = await client.get(vtt["download_url"], headers=auth)
            assert got.status_code == 200 and len(got.content) == vtt["file_size"]
    assert listed == made["recordings"]
    upcoming = (
        await client.get("/v2/users/me/meetings", headers=auth, params={"type": "upcoming"})
    ).json()
    assert upcoming["total_records"] == 0  # the owner has none; seeded users do
    summaries = (
        await client.get("/v2/meetings/meeting_summaries", headers=auth, params={"page_size": 300})
    ).json()
    assert summaries["total_records"] == made["summaries"]


def test_cli_seeds_once_per_store(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    args = ["seed", "--users", "2", "--meetings-per-user", "2", "--seed", "3", "--db", db, "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    made = orjson.loads(result.stdout.strip().splitlines()[-1])
    assert (made["users"], made["meetings"]) == (2, 4)
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert "already holds data" in again.stderr


async def test_owner_hosts_gives_me_meetings(
    emulator: Emulator, client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await seed(emulator, users=2, meetings_per_user=4, seed=3, now=NOW, owner_hosts=True)
    mine = (await client.get("/v2/users/me/meetings", headers=auth)).json()
    assert mine["total_records"] == 4
