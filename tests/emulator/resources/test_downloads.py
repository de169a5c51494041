from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BASE
from tests.emulator.simulated import happened
from zoomstack.config import AuthMode, EmulatorSettings
from zoomstack.emulator.events import Event
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.vtt import parse_vtt

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def emulator_settings(store_url: str, tmp_path: Path) -> EmulatorSettings:
    """Downloads are checked with strict auth: only tokens the emulator issued pass."""
    return EmulatorSettings(
        db=store_url, data_dir=tmp_path, public_url=BASE, auth_mode=AuthMode.strict
    )


async def _files(
    client: httpx.AsyncClient, auth: dict[str, str], **options: Any
) -> list[dict[str, Any]]:
    meeting, _ = await happened(client, auth, **options)
    body = (await client.get(f"/v2/meetings/{meeting['id']}/recordings", headers=auth)).json()
    files: list[dict[str, Any]] = body["recording_files"]
    return files


async def test_every_file_downloads_whole_and_resumes_byte_exact(
    client: httpx.AsyncClient, auth: dict[str, str], token: str
) -> None:
    files = await _files(client, auth, duration=1, seed=31)
    assert {f["file_type"] for f in files} >= {"MP4", "M4A", "TRANSCRIPT", "TIMELINE"}
    for file in files:
        size = file["file_size"]
        whole = await client.get(file["download_url"], params={"access_token": token})
        assert whole.status_code == 200
        assert int(whole.headers["content-length"]) == size == len(whole.content)
        assert whole.headers["accept-ranges"] == "bytes"
        half = size // 2
        first = await client.get(
            file["download_url"], headers={**auth, "Range": f"bytes=0-{half - 1}"}
        )
        rest = await client.get(file["download_url"], headers={**auth, "Range": f"bytes={half}-"})
        assert (first.status_code, rest.status_code) == (206, 206)
        assert rest.headers["content-range"] == f"bytes {half}-{size - 1}/{size}"
        assert int(rest.headers["content-length"]) == size - half
        resumed = hashlib.sha256(first.content + rest.content).hexdigest()
        assert resumed == hashlib.sha256(whole.content).hexdigest()
        tail = await client.get(file["download_url"], headers={**auth, "Range": "bytes=-10"})
        assert tail.content == whole.content[-10:]
        again = await client.get(file["download_url"], headers=auth)
        assert again.content == whole.content


async def test_head_answers_headers_only(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    mp4 = next(f for f in await _files(client, auth, duration=2, seed=1) if f["file_type"] == "MP4")
    response = await client.head(mp4["download_url"], headers=auth)
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["content-length"]) == mp4["file_size"]
    assert response.headers["content-type"] == "video/mp4"
    assert response.headers["content-disposition"].endswith('.mp4"')
    ranged = await client.head(mp4["download_url"], headers={**auth, "Range": "bytes=10-19"})
    assert (ranged.status_code, ranged.headers["content-length"]) == (206, "10")


async def test_files_are_what_they_say(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    files = {
        f["file_type"]: f for f in await _files(client, auth, participants=4, duration=5, seed=2)
    }
    mp4 = await client.get(files["MP4"]["download_url"], headers={**auth, "Range": "bytes=4-11"})
    assert mp4.content == b"ftypisom"
    vtt = await client.get(files["TRANSCRIPT"]["download_url"], headers=auth)
    assert vtt.headers["content-type"].startswith("text/vtt")
    cues = parse_vtt(vtt.text)
    assert len({c.speaker for c in cues}) >= 2 and all(c.end <= 300 for c in cues)
    timeline = (await client.get(files["TIMELINE"]["download_url"], headers=auth)).json()
    assert timeline["timeline"][0]["users"][0]["username"] == cues[0].speaker


@pytest.mark.parametrize(
    "header", ["bytes=999999999-", "bytes=5-2", "bytes=abc", "bytes=-0", "bytes=1-x"]
)
async def test_unsatisfiable_ranges_are_416(
    client: httpx.AsyncClient, auth: dict[str, str], header: str
) -> None:
    m4a = next(f for f in await _files(client, auth, duration=1, seed=3) if f["file_type"] == "M4A")
    response = await client.get(m4a["download_url"], headers={**auth, "Range": header})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{m4a['file_size']}"
    assert response.json()["code"] == 416


@pytest.mark.parametrize("header", ["items=0-5", "bytes=0-1,5-6"])
async def test_ranges_it_does_not_serve_get_the_whole_file(
    client: httpx.AsyncClient, auth: dict[str, str], header: str
) -> None:
    chat_or_vtt = next(
        f for f in await _files(client, auth, duration=1, seed=3) if f["file_type"] == "TRANSCRIPT"
    )
    response = await client.get(chat_or_vtt["download_url"], headers={**auth, "Range": header})
    assert response.status_code == 200 and len(response.content) == chat_or_vtt["file_size"]


async def test_download_tokens_and_api_tokens_open_files_others_do_not(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    seen: list[Event] = []

    async def record(event: Event) -> None:
        seen.append(event)

    emulator.events.subscribe(record)
    meeting, _ = await happened(client, auth, duration=1, seed=4)
    path = f"/v2/meetings/{meeting['id']}/recordings"
    body = (
        await client.get(path, headers=auth, params={"include_fields": "download_access_token"})
    ).json()
    url = body["recording_files"][0]["download_url"]
    webhook_token = next(e.extra["download_token"] for e in seen if e.name == "recording.completed")
    for good in (body["download_access_token"], webhook_token):
        assert (await client.get(url, params={"access_token": good})).status_code == 200
        assert (
            await client.head(url, headers={"Authorization": f"Bearer {good}"})
        ).status_code == 200
    for bad in (
        {},
        {"access_token": "made-up"},
        {"access_token": body["download_access_token"][:-3] + "abc"},
    ):
        response = await client.get(url, params=bad)
        assert response.status_code == 401
        assert response.json()["code"] == 124


async def test_unknown_files_are_404(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    response = await client.get("/rec/download/not-a-file", headers=auth)
    assert response.status_code == 404
    assert response.json()["code"] == 3301
