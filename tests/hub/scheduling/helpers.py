"""Helpers for the scheduling route tests: a fixed morning to read phrases from, named
hub users, and Zoom's side of what was booked."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.hub.conftest import PASSWORD

NEW_YORK = "America/New_York"
# A Wednesday morning years ahead, so what is booked is "upcoming" on the emulator's clock.
NOW = datetime(2030, 3, 6, 9, 0, tzinfo=ZoneInfo(NEW_YORK))


def at(text: str) -> datetime:
    """'2030-03-07 14:00' in New York."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(NEW_YORK))


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def named_user(hub: httpx.AsyncClient, email: str, full_name: str) -> dict[str, str]:
    """Register a hub user with a full name and log in: their bearer header."""
    body = {"email": email, "password": PASSWORD, "full_name": full_name}
    assert (await hub.post("/auth/register", json=body)).status_code == 201
    login = await hub.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def zoom_meetings(zoom: httpx.AsyncClient, user: str = "me") -> list[dict[str, Any]]:
    """The Zoom user's upcoming meetings, as the emulator lists them."""
    listed = await zoom.get(f"/v2/users/{user}/meetings", params={"type": "upcoming"})
    assert listed.status_code == 200, listed.text
    meetings: list[dict[str, Any]] = listed.json()["meetings"]
    return meetings


async def zoom_meeting(zoom: httpx.AsyncClient, meeting_id: str | int) -> httpx.Response:
    return await zoom.get(f"/v2/meetings/{meeting_id}")
