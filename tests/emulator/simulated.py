"""Helpers for tests that need meetings that have happened."""

from __future__ import annotations

from typing import Any

import httpx


async def scheduled(client: httpx.AsyncClient, auth: dict[str, str], **body: Any) -> dict[str, Any]:
    """A scheduled meeting of the token's user."""
    payload = {"topic": "Design review: Billing service", "type": 2, "duration": 30, **body}
    response = await client.post("/v2/users/me/meetings", headers=auth, json=payload)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def simulate(client: httpx.AsyncClient, meeting: object, **options: Any) -> dict[str, Any]:
    """Run one instance of the meeting through the control plane; its report."""
    response = await client.post(f"/_emulator/meetings/{meeting}/simulate", json=options)
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    return report


async def happened(
    client: httpx.AsyncClient, auth: dict[str, str], **options: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A meeting and the report of its one simulated instance."""
    meeting = await scheduled(client, auth)
    return meeting, await simulate(client, meeting["id"], **options)


def encoded(uuid: str, times: int = 1) -> str:
    """A UUID URL-encoded once or twice, as clients send them."""
    for _ in range(times):
        uuid = uuid.replace("%", "%25").replace("/", "%2F").replace("+", "%2B").replace("=", "%3D")
    return uuid


async def held_webinar(
    client: httpx.AsyncClient, auth: dict[str, str], **options: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A webinar of the token's user and the report of its one simulated instance."""
    payload = {"topic": "Launch webinar: Billing service", "type": 5, "duration": 45}
    response = await client.post("/v2/users/me/webinars", headers=auth, json=payload)
    assert response.status_code == 201, response.text
    webinar: dict[str, Any] = response.json()
    response = await client.post(f"/_emulator/webinars/{webinar['id']}/simulate", json=options)
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    return webinar, report
