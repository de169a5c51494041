"""kill -9 the hub while it syncs, and while it turns a transcript into insights; start it
again: the reconcile pass finishes the work, and nothing is there twice.

The emulator and the hub run as `zoomstack emulator` and `zoomstack hub` processes on
loopback. Leases and the reconcile period are short here (seconds, not minutes) so a
restart finds the dead process's work within the test's patience.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import POSTGRES_URL
from tests.reliability.processes import Served, emulator, hub, hub_settings, s2s_headers
from zoomstack.config import HubSettings
from zoomstack.emulator.vtt import Cue, write_vtt

MEETINGS = 6
SIZES = {"MP4": 6_000_000, "M4A": 1_500_000}  # big enough to be cut mid-file
PATIENCE = 90.0
DEMO_KEY = HubSettings().demo_api_key.get_secret_value()
KEY = {"X-API-Key": DEMO_KEY}
PG_SCHEMA = "hub_crash"


@pytest.fixture
def zoom(tmp_path: Path) -> Iterator[Served]:
    server = emulator(f"sqlite:///{tmp_path / 'emulator.sqlite3'}", tmp_path / "emulator.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def hub_db(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return {"db": f"sqlite:///{tmp_path / 'hub.sqlite3'}"}
    asyncio.run(_drop_schema(PG_SCHEMA))
    return {"db": POSTGRES_URL, "db_schema": PG_SCHEMA}


async def _drop_schema(schema: str) -> None:
    conn = await asyncpg.connect(POSTGRES_URL)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await conn.close()


def hub_process(zoom: Served, db: dict[str, str], tmp_path: Path) -> Served:
    """Leases of seconds and a reconcile pass every second: a restart finds the dead
    process's work within the test's patience."""
    short = {"sync_lease_seconds": "3", "sync_retry_seconds": "0.2", "reconcile_interval_seconds": "1"}  # fmt: skip
    return hub(hub_settings(zoom.url, tmp_path / "hub", **db, **short), tmp_path / "hub.log")


def record_meetings(zoom: Served) -> dict[str, bytes]:
    """MEETINGS recorded meetings with large media: every cloud file's bytes by file id."""
    files: dict[str, bytes] = {}
    with httpx.Client(base_url=zoom.url, headers=s2s_headers(zoom.url), timeout=60) as http:
        for number in range(MEETINGS):
            made = http.post("/v2/users/me/meetings", json={"topic": f"Crash {number}", "type": 2})
            body = {"participants": 2, "duration": 2, "seed": number, "media": "filler", "file_sizes": SIZES}  # fmt: skip
            report = http.post(f"/_emulator/meetings/{made.json()['id']}/simulate", json=body)
            assert report.status_code == 201, report.text
            for file in report.json()["recording"]["recording_files"]:
                files[file["id"]] = http.get(file["download_url"]).content
    return files


def wait_for(check: Any, what: str, patience: float = PATIENCE) -> Any:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {patience:.0f}s for {what}")


def every_recording(base: str) -> list[dict[str, Any]]:
    listed, token = [], ""
    while True:
        page = httpx.get(
            f"{base}/recordings", params={"page_size": 100, "next_page_token": token}, headers=KEY
        ).json()
        listed += page["recordings"]
        token = page["next_page_token"]
        if not token:
            return listed


def stored_objects(data_dir: Path) -> list[Path]:
    root = data_dir / "storage"
    return [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".health")]


def test_a_sync_killed_mid_way_finishes_after_restart_with_each_file_once(
    zoom: Served, hub_db: dict[str, str], tmp_path: Path
) -> None:
    cloud = record_meetings(zoom)
    server = hub_process(zoom, hub_db, tmp_path).start()
    try:
        run = httpx.post(f"{server.url}/sync", json={}, headers=KEY)
        assert run.status_code == 202, run.text

        def some_stored() -> bool:
            counts = httpx.get(f"{server.url}/sync/status", headers=KEY).json()["counts"]
            return counts.get("done", 0) >= 2

        wait_for(some_stored, "the first files to be stored")
        server.kill()  # mid-way: some files stored, others on the wire
        server.start()
        run_url = f"{server.url}/sync/runs/{run.json()['id']}"
        finished = wait_for(
            lambda: (
                (r := httpx.get(run_url, headers=KEY).json())["status"] in ("done", "failed") and r
            ),
            "the run to finish after the restart",
        )
        assert finished["status"] == "done", finished
        kept = every_recording(server.url)
    finally:
        server.stop()
    assert sorted(r["file_size"] for r in kept) == sorted(len(b) for b in cloud.values())
    assert sorted(r["checksum"] for r in kept) == sorted(
        hashlib.sha256(b).hexdigest() for b in cloud.values()
    )
    objects = stored_objects(tmp_path / "hub")
    assert len(objects) == len(cloud), sorted(p.name for p in objects)  # nothing twice, no partials
    assert sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in objects) == sorted(
        r["checksum"] for r in kept
    )


def long_transcript(cues: int = 8000) -> bytes:
    """About ten hours of talk: seconds of the engine's time, so a kill lands mid-way."""
    rng = random.Random(5)
    words = ["we", "should", "ship", "the", "release", "on", "friday", "after", "review",
             "and", "alice", "will", "send", "numbers", "to", "bob", "by", "monday", "because",
             "budget", "needs", "approval", "from", "finance", "first"]  # fmt: skip
    speakers = ["Alice Smith", "Bob Jones", "Carol White"]
    said = [
        Cue(4.5 * n, 4.5 * n + 4, rng.choice(speakers), " ".join(rng.choices(words, k=12)) + ".")
        for n in range(cues)
    ]
    return write_vtt(said).encode()


def test_insights_killed_mid_way_are_made_after_restart_once(
    zoom: Served, hub_db: dict[str, str], tmp_path: Path
) -> None:
    server = hub_process(zoom, hub_db, tmp_path).start()
    insights = f"{server.url}/meetings/84210000001/insights"
    try:
        upload = httpx.post(
            f"{server.url}/upload/recording",
            files={"file": ("all-hands.vtt", long_transcript(), "text/vtt")},
            data={"meeting_id": "84210000001", "meeting_title": "All hands"},
            headers=KEY,
            timeout=60,
        )
        assert upload.status_code == 201, upload.text
        wait_for(
            lambda: httpx.get(insights, headers=KEY).json().get("status") == "running", "the job"
        )
        server.kill()  # the engine mid-way through the transcript
        server.start()
        done = wait_for(
            lambda: (
                (r := httpx.get(insights, headers=KEY).json())["status"] in ("done", "failed") and r
            ),
            "the insights after the restart",
        )
        kept = every_recording(server.url)
    finally:
        server.stop()
    assert done["status"] == "done", done
    assert done["attempts"] == 2 and done["insights"]["action_items"], done  # run again, once
    assert [r["recording_id"] for r in kept] == [upload.json()["recording_id"]]
    assert kept[0]["processing_status"] == "processed" and kept[0]["summary"]
    assert len(stored_objects(tmp_path / "hub")) == 1
