from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import orjson
import pytest
from typer.testing import CliRunner

from zoomstack.cli import app as cli
from zoomstack.emulator.fixtures import FixtureError, export_data, import_data
from zoomstack.emulator.seed import seed
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.store import open_store

NOW = datetime(2030, 3, 4, 12, 0, tzinfo=UTC)
VTT = (
    "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAda Lovelace: Let's ship the importer on Friday.\n"
)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


async def fresh(emulator: Emulator, tmp_path: Path, name: str) -> Emulator:
    store = await open_store(f"sqlite:///{tmp_path / name}")
    return Emulator(settings=emulator.settings, store=store)


async def test_export_import_export_round_trips(emulator: Emulator, tmp_path: Path) -> None:
    await seed(emulator, users=2, meetings_per_user=4, seed=5, now=NOW)
    await export_data(emulator, tmp_path / "a")
    other = await fresh(emulator, tmp_path, "b.sqlite3")
    try:
        await import_data(other, tmp_path / "a")
        await export_data(other, tmp_path / "b")
    finally:
        await other.store.close()
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert any(name.startswith("meetings/") for name in first)
    assert first == second


async def test_export_carries_the_older_keys(emulator: Emulator, tmp_path: Path) -> None:
    await seed(emulator, users=1, meetings_per_user=6, seed=9, now=NOW)
    await export_data(emulator, tmp_path / "out")
    held = [
        orjson.loads(p.read_bytes())
        for p in (tmp_path / "out" / "meetings").glob("*.json")
        if orjson.loads(p.read_bytes())["instances"]
    ]
    assert held, "seed makes past meetings"
    meeting = held[0]
    assert meeting["vtt_data"].startswith("WEBVTT")
    assert {f["file_type"] for f in meeting["recording_files"]} >= {"MP4", "TRANSCRIPT"}
    assert meeting["participants"] and meeting["summary"]["summary_overview"]


def older_folder(root: Path) -> Path:
    (root / "users").mkdir(parents=True)
    (root / "meetings").mkdir()
    user = {"id": "legacyUser000000000001", "email": "ada@example.com", "first_name": "Ada"}
    (root / "users" / "legacyUser000000000001.json").write_bytes(orjson.dumps(user))
    meeting = {
        "id": 81234567890,
        "uuid": "abc/def+ghi==",
        "host_id": "legacyUser000000000001",
        "topic": "Importer review",
        "type": 2,
        "start_time": "2030-01-05T10:00:00Z",
        "duration": 30,
        "summary": {
            "summary_overview": "We agreed to ship the importer.",
            "next_steps": ["Ship it"],
        },
        "vtt_data": VTT,
        "recording_files": [{"id": "legacyfile1", "file_type": "MP4", "file_size": 4096}],
        "participants": [{"name": "Ada Lovelace", "user_email": "ada@example.com"}],
    }
    (root / "meetings" / "81234567890.json").write_bytes(orjson.dumps(meeting))
    return root


async def test_older_layout_is_served_through_the_api(
    emulator: Emulator, client: httpx.AsyncClient, auth: dict[str, str], tmp_path: Path
) -> None:
    await import_data(emulator, older_folder(tmp_path / "data"))
    meeting = (await client.get("/v2/meetings/81234567890", headers=auth)).json()
    assert meeting["topic"] == "Importer review"
    people = (await client.get("/v2/past_meetings/81234567890/participants", headers=auth)).json()
    assert [p["name"] for p in people["participants"]] == ["Ada Lovelace"]
    summary = (await client.get("/v2/meetings/81234567890/meeting_summary", headers=auth)).json()
    assert summary["summary_overview"] == "We agreed to ship the importer."
    recording = (await client.get("/v2/meetings/81234567890/recordings", headers=auth)).json()
    files = {f["file_type"]: f for f in recording["recording_files"]}
    assert files["MP4"]["file_size"] == 4096
    transcript = await client.get(files["TRANSCRIPT"]["download_url"], headers=auth)
    assert transcript.content == VTT.encode()
    video = await client.get(files["MP4"]["download_url"], headers=auth)
    assert len(video.content) == 4096


async def test_a_bad_file_imports_nothing(emulator: Emulator, tmp_path: Path) -> None:
    folder = older_folder(tmp_path / "data")
    (folder / "meetings" / "broken.json").write_text("{not json")
    before = len(await emulator.store.dump())
    with pytest.raises(FixtureError, match=r"broken\.json"):
        await import_data(emulator, folder)
    assert len(await emulator.store.dump()) == before


async def test_a_missing_folder_is_refused(emulator: Emulator, tmp_path: Path) -> None:
    with pytest.raises(FixtureError, match="no such folder"):
        await import_data(emulator, tmp_path / "nowhere")


def test_cli_exports_and_imports(tmp_path: Path) -> None:
    runner = CliRunner()
    source, target = f"sqlite:///{tmp_path / 's.sqlite3'}", f"sqlite:///{tmp_path / 't.sqlite3'}"
    folder = older_folder(tmp_path / "data")
    imported = runner.invoke(cli, ["data", "import", str(folder), "--db", source])
    assert imported.exit_code == 0, imported.output
    exported = runner.invoke(cli, ["data", "export", str(tmp_path / "out"), "--db", source])
    assert exported.exit_code == 0, exported.output
    again = runner.invoke(cli, ["data", "import", str(tmp_path / "out"), "--db", target])
    assert again.exit_code == 0, again.output
    twice = runner.invoke(cli, ["data", "import", str(tmp_path / "out"), "--db", target])
    assert twice.exit_code == 1
    assert "already holds" in twice.output
