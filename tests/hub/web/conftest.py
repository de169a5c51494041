"""Dashboard tests get a hub wired to an in-process emulator, and a signed-in browser
session (cookie and CSRF token) on it."""

from __future__ import annotations

import re

import httpx

from tests.hub.conftest import PASSWORD
from tests.hub.zoomed import Zoomed
from tests.hub.zoomed import zoomed as zoomed
from tests.hub.zoomed import zoomed_settings_extra as zoomed_settings_extra

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


async def sign_in(zoomed: Zoomed, email: str) -> str:
    """Register `email` through the API, sign in on the dashboard (the client keeps the
    cookie); the page's CSRF token."""
    await zoomed.user(email)
    client = zoomed.client
    answer = await client.post("/app/login", data={"email": email, "password": PASSWORD})
    assert answer.status_code == 303, answer.text
    return csrf_of(await client.get("/app/meetings"))


def csrf_of(page: httpx.Response) -> str:
    assert page.status_code == 200, page.text
    found = CSRF.search(page.text)
    assert found is not None
    return found.group(1)
