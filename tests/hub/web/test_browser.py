"""The dashboard in a real browser (Debian's chromium, driven by Playwright) against a
whole `zoomstack up` stack: sign in, schedule in plain words, see it on the calendar,
hold the meeting, and watch its summary and action items arrive without a reload.

Screenshots of the main pages, at a laptop's and a phone's width, go to
$ZOOMSTACK_SCREENSHOTS (default tests/hub/web/screenshots/, ignored by git).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.up.conftest import small_config
from zoomstack.up import Stack, running

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("ZOOMSTACK_SCREENSHOTS", Path(__file__).parent / "screenshots"))
WAIT_MS = 60_000
ZONE = "Europe/Paris"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    async with running(small_config(tmp_path / "data")) as up:
        yield up


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            await launched.close()


async def sign_in(page: Page, stack: Stack) -> None:
    await page.goto(f"{stack.hub_url}/app")
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await page.get_by_label("Email").fill(stack.hub.demo_email)
    await page.get_by_label("Password").fill(stack.hub.demo_password.get_secret_value())
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Meetings", exact=True)).to_be_visible()


async def shoot(page: Page, name: str) -> None:
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


async def test_schedule_hold_and_watch_the_summary_arrive(stack: Stack, browser: Browser) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id=ZONE)
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    await sign_in(page, stack)

    await page.get_by_label("Say what and when, in plain words").fill(
        "Roadmap review tomorrow at 3pm for 30 minutes"
    )
    await page.get_by_role("button", name="Schedule").click()
    await expect(page.get_by_role("heading", name="Roadmap review")).to_be_visible()
    meeting_url = page.url

    tomorrow = datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=1)
    await page.goto(f"{stack.hub_url}/app/meetings?week={tomorrow.isoformat()}")
    calendar = page.locator("#calendar")
    await expect(calendar.get_by_role("link", name="15:00 Roadmap review")).to_be_visible()
    await shoot(page, "meetings-wide")

    await page.goto(meeting_url)
    await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    await page.get_by_role("button", name="Hold it now (simulated)").click()
    await expect(page.get_by_role("status").filter(has_text="took place")).to_be_visible()
    await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    # No reload from here on: the live socket brings the summary in.
    await expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    await expect(page.locator("#summary .overview")).not_to_be_empty()
    await expect(page.get_by_role("heading", name="Action items")).to_be_visible()
    await expect(page.get_by_role("heading", name="Speaking time")).to_be_visible()
    await expect(page.locator("#turns li").first).to_be_visible()
    await shoot(page, "meeting-wide")

    for path, name in (("/app/recordings", "recordings"), ("/app/settings", "settings")):
        await page.goto(f"{stack.hub_url}{path}")
        await shoot(page, f"{name}-wide")
    await phone_screens(browser, stack, meeting_url)
    await context.close()


async def phone_screens(browser: Browser, stack: Stack, meeting_url: str) -> None:
    context = await browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=ZONE)
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    await sign_in(page, stack)
    pages = (
        ("/app/meetings", "meetings"),
        (meeting_url, "meeting"),
        ("/app/recordings", "recordings"),
    )
    for path, name in pages:
        await page.goto(path if path.startswith("http") else f"{stack.hub_url}{path}")
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width}px wide on a 390px screen"
        await shoot(page, f"{name}-phone")
    await context.close()
