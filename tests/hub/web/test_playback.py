"""A simulated meeting's spoken audio plays on the dashboard's recording page in a real
browser (Debian's chromium, driven by Playwright), against a whole `zoomstack up` stack:
the emulator speaks the meeting, the hub syncs it, and the page's player, fed from the
hub's signed link, learns its duration, seeks, and plays from a transcript line that
is clicked, the line following the playback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.hub.web.test_browser import CHROMIUM, WAIT_MS, ZONE, browser, shoot, sign_in
from tests.up.conftest import small_config
from zoomstack.emulator import spoken_media
from zoomstack.up import Stack, running

__all__ = ["browser"]  # the fixture, shared with the dashboard's other browser test

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
    pytest.mark.skipif(not spoken_media.available(), reason="needs the speech extra"),
]
SECONDS = 60
SYNC_SECONDS = 120

# The player's state, once it knows its length (or the error that stopped it).
METADATA = """media => new Promise(done => {
  const report = () => done({duration: media.duration, error: media.error && media.error.code,
                             seekable: media.seekable.length ? media.seekable.end(0) : 0});
  if (media.readyState >= 1 || media.error) return report();
  media.addEventListener("loadedmetadata", report, {once: true});
  media.addEventListener("error", report, {once: true});
})"""
SEEK = """(media, target) => new Promise(done => {
  media.addEventListener("seeked", () => done(media.currentTime), {once: true});
  media.currentTime = target;
})"""
# Resolves once the player has played half a second past `from`.
PLAYED = """(media, from) => new Promise(done => {
  const check = () => {
    if (!media.paused && media.currentTime > from + 0.5) {
      media.removeEventListener("timeupdate", check); done(media.currentTime);
    }
  };
  media.addEventListener("timeupdate", check); check();
})"""


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    config = small_config(tmp_path / "data", emulator_extra={"media": "speech"})
    async with running(config) as up:
        yield up


async def held_meeting(page: Page, stack: Stack) -> str:
    """Schedule a meeting on the dashboard, then have the emulator hold it for a minute,
    spoken; its id."""
    await page.get_by_label("Say what and when, in plain words").fill(
        "Audio check tomorrow at 10am for 15 minutes"
    )
    await page.get_by_role("button", name="Schedule").click()
    await expect(page.get_by_role("heading", name="Audio check")).to_be_visible()
    meeting_id = page.url.split("?")[0].rsplit("/", 1)[1]
    body = {"duration": SECONDS // 60, "participants": 3, "seed": 21, "media": "speech"}
    async with httpx.AsyncClient(timeout=60) as http:
        ran = await http.post(
            f"{stack.emulator_url}/_emulator/meetings/{meeting_id}/simulate", json=body
        )
    assert ran.status_code == 201, ran.text
    return meeting_id


async def synced_audio(stack: Stack, meeting_id: str) -> dict[str, Any]:
    """The meeting's M4A as the hub lists it, once it and the transcript are stored."""
    headers = {"X-API-Key": stack.hub.demo_api_key.get_secret_value()}
    async with httpx.AsyncClient(base_url=stack.hub_url, headers=headers) as hub:
        for _ in range(SYNC_SECONDS * 4):
            listed = (await hub.get("/recordings", params={"page_size": 50})).json()
            mine = {
                f["file_type"]: f
                for f in listed["recordings"]
                if f.get("meeting_id") == meeting_id and f.get("file_size")
            }
            if {"M4A", "TRANSCRIPT"} <= set(mine):
                return mine["M4A"]
            await asyncio.sleep(0.25)
    raise AssertionError(f"the meeting's audio and transcript were not synced: {listed}")


async def test_the_recording_page_plays_and_seeks_a_spoken_meeting(
    stack: Stack, browser: Browser
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id=ZONE)
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    await sign_in(page, stack)
    meeting_id = await held_meeting(page, stack)
    audio = await synced_audio(stack, meeting_id)

    # From the recordings list to the file's own page, as a user goes.
    await page.goto(f"{stack.hub_url}/app/recordings")
    await page.locator(f'a[href="/app/recordings/{audio["recording_id"]}"]').click()
    await expect(page.get_by_role("heading", name="Audio check")).to_be_visible()
    player = page.locator("audio#player")
    src = await player.get_attribute("src")
    assert src is not None and src.startswith(f"{stack.hub_url}/files/{audio['recording_id']}?")

    found = await player.evaluate(METADATA)
    assert found["error"] is None, found
    assert found["duration"] == pytest.approx(SECONDS, abs=0.5), found
    assert found["seekable"] == pytest.approx(found["duration"], abs=0.5), found

    landed = await player.evaluate(SEEK, 40)
    assert landed == pytest.approx(40, abs=0.5)

    # A click on a transcript line plays from there; the line is marked as it plays.
    lines = page.locator("#cues > li")
    assert await lines.count() >= 3
    line = lines.nth(2)
    start = float(await line.get_attribute("data-start") or "nan")
    await line.get_by_role("button").click()
    reached = await player.evaluate(PLAYED, start)
    assert start < reached < SECONDS
    await expect(line).to_have_attribute("aria-current", "true")
    await player.evaluate("media => media.pause()")
    await shoot(page, "recording-wide")
    await context.close()
