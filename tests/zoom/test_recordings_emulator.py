"""Recordings, participants, summaries and downloads against the in-process emulator:
a meeting is made to happen (`/_emulator/meetings/{id}/simulate`), then read back."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from zoomstack.zoom import ZoomClient

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)

MEETING = {"topic": "Weekly sync", "type": 2, "start_time": "2030-01-02T15:00:00Z", "duration": 30}
SMALL_FILES = ("TRANSCRIPT", "CHAT", "TIMELINE")


async def happened(zoom: ZoomClient, client: httpx.AsyncClient) -> dict[str, Any]:
    meeting = await zoom.create_meeting("me", MEETING)
    response = await client.post(
        f"/_emulator/meetings/{meeting.id}/simulate", json={"participants": 3, "seed": 7}
    )
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    return report


async def test_recordings_are_listed_and_read_back(
    zoom: ZoomClient, client: httpx.AsyncClient
) -> None:
    report = await happened(zoom, client)
    today = datetime.now(UTC).date()
    start = today - timedelta(days=40)  # two month windows
    listed = [r async for r in zoom.iter_recordings("me", start=start, end=today)]
    assert [r.uuid for r in listed] == [report["uuid"]]
    on_account = [r async for r in zoom.iter_account_recordings(start=start, end=today)]
    assert [r.uuid for r in on_account] == [report["uuid"]]
    recording = await zoom.get_meeting_recordings(report["uuid"], download_token_ttl=600)
    assert recording.download_access_token
    expected = {f["id"]: f["file_size"] for f in report["recording"]["recording_files"]}
    assert {f.id: f.file_size for f in recording.recording_files} == expected


async def test_participants_and_summary_of_the_instance(
    zoom: ZoomClient, client: httpx.AsyncClient
) -> None:
    report = await happened(zoom, client)
    people = [p async for p in zoom.iter_past_participants(report["uuid"])]
    assert len({p.name for p in people}) == 3
    summary = await zoom.get_meeting_summary(report["uuid"])
    assert summary.summary_overview == report["summary"]["summary_overview"]


async def test_files_download_and_resume(
    zoom: ZoomClient, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    report = await happened(zoom, client)
    recording = await zoom.get_meeting_recordings(report["uuid"])
    for file in (f for f in recording.recording_files if f.file_type in SMALL_FILES):
        dest = tmp_path / f"{file.id}.{file.file_extension.lower()}"
        whole = await zoom.download_recording_file(file, dest)
        data = dest.read_bytes()
        assert whole.size == file.file_size == len(data)
        assert whole.sha256 == hashlib.sha256(data).hexdigest()
        dest.write_bytes(data[: len(data) // 2])
        resumed = await zoom.download_recording_file(file, dest)
        assert (resumed.resumed_from, resumed.sha256) == (len(data) // 2, whole.sha256)
        assert dest.read_bytes() == data
