"""A simulated meeting's spoken audio plays in a real browser from the hub's stream URL:
the media element learns its duration and can seek. The page is a minimal one made here
(Debian's chromium, headless), pointed at the hub's signed file link."""

from __future__ import annotations

import asyncio
import re
import socket
from pathlib import Path

import httpx
import pytest
import uvicorn

from zoomstack.config import HubSettings
from zoomstack.hub.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
PAGE = """<!doctype html><html><body><div id="out">loading</div>
<audio id="media" preload="auto" src="{src}"></audio>
<script>
const media = document.getElementById("media"), out = document.getElementById("out");
media.addEventListener("loadedmetadata", () => {{
  out.textContent = "duration=" + media.duration; media.currentTime = 30;
}});
media.addEventListener("seeked", () => {{
  out.textContent += " seeked=" + media.currentTime + " seekable=" + media.seekable.end(0);
}});
media.addEventListener("error", () => {{ out.textContent = "error=" + media.error.code; }});
</script></body></html>"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def up(server: uvicorn.Server) -> None:
    for _ in range(600):
        if server.started:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("the hub did not start")


async def speech_m4a(client: httpx.AsyncClient, auth: dict[str, str]) -> bytes:
    """The emulator's M4A of a one-minute simulated meeting, spoken."""
    made = await client.post(
        "/v2/users/me/meetings", json={"topic": "Play", "type": 2}, headers=auth
    )
    ran = await client.post(
        f"/_emulator/meetings/{made.json()['id']}/simulate",
        json={"duration": 1, "seed": 21, "media": "speech"},
    )
    [m4a] = [f for f in ran.json()["recording"]["recording_files"] if f["file_type"] == "M4A"]
    return (await client.get(m4a["download_url"], headers=auth)).content


async def browser_reads(page: Path) -> str:
    process = await asyncio.create_subprocess_exec(
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required",
        "--virtual-time-budget=15000", "--dump-dom", page.as_uri(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), 90)
    found = re.search(r'<div id="out">([^<]*)</div>', out.decode())
    return found[1] if found else out.decode()[-300:]


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
async def test_a_simulated_meetings_audio_plays_and_seeks_in_a_browser(
    client: httpx.AsyncClient, auth: dict[str, str], hub_settings: HubSettings, tmp_path: Path
) -> None:
    audio = await speech_m4a(client, auth)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = hub_settings.model_copy(update={"public_url": base, "transcribe_on_store": False})
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        await up(server)
        async with httpx.AsyncClient(base_url=base) as hub:
            headers = {"X-API-Key": settings.demo_api_key.get_secret_value()}
            files = {"file": ("meeting.m4a", audio, "audio/mp4")}
            made = await hub.post("/upload/recording", files=files, headers=headers)
            assert made.status_code == 201, made.text
            link = await hub.get(
                f"/recordings/{made.json()['recording_id']}/download", headers=headers
            )
            url = link.json()["url"]
            part = await hub.get(url, headers={"Range": "bytes=100-199"})
            assert part.status_code == 206 and part.content == audio[100:200]
        page = tmp_path / "play.html"
        page.write_text(PAGE.format(src=url))
        seen = await browser_reads(page)
    finally:
        server.should_exit = True
        await serving
    values = dict(item.split("=") for item in seen.split())
    assert float(values["duration"]) == pytest.approx(60, abs=0.5), seen
    assert float(values["seeked"]) == pytest.approx(30, abs=0.5), seen
