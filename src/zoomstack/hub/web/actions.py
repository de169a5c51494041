"""Changes the dashboard makes beside the API's: action items ticked off, and meetings
held on demand when Zoom is the emulator."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import Conflict, NotFound
from ..insights import store as insights
from ..realtime import Realtime
from ..state import Hub

ACTION_ITEM_UPDATED = "action_item.updated"
SIMULATE_TIMEOUT = httpx.Timeout(60.0, connect=5.0)


async def mark_action_item(
    session: AsyncSession,
    realtime: Realtime,
    *,
    user_id: str,
    meeting_id: str,
    index: int,
    done: bool,
) -> dict[str, Any]:
    """Tick the meeting's `index`-th action item off (or on again); the item.

    The flag lives beside the item in the insights; making the insights again starts
    every item open."""
    row = await insights.for_meeting(session, user_id=user_id, meeting_id=meeting_id)
    found = list((row.insights or {}).get("action_items", [])) if row else []
    if row is None or not 0 <= index < len(found):
        raise NotFound(f"Meeting {meeting_id} has no action item {index}.")
    found[index] = {**found[index], "done": done}
    row.insights = {**(row.insights or {}), "action_items": found}
    await session.commit()
    data = {"meeting_id": meeting_id, "index": index, "done": done}
    await realtime.publish(user_id, ACTION_ITEM_UPDATED, data)
    return dict(found[index])


async def simulate_meeting(hub: Hub, meeting_id: str, *, minutes: int | None) -> dict[str, Any]:
    """Ask the emulator to hold the meeting now: joins, recording, transcript, webhooks."""
    base = hub.settings.emulator_url.rstrip("/")
    if not base:
        raise Conflict("Meetings can only be simulated when Zoom is the zoomstack emulator.")
    body = {"participants": 4, **({"duration": minutes} if minutes else {})}
    async with httpx.AsyncClient(timeout=SIMULATE_TIMEOUT) as http:
        try:
            ran = await http.post(f"{base}/_emulator/meetings/{meeting_id}/simulate", json=body)
        except httpx.HTTPError as exc:
            raise Conflict(f"The emulator did not answer: {exc}.") from None
    if ran.status_code >= 400:
        message = ran.json().get("message", ran.text) if ran.content else ran.reason_phrase
        raise Conflict(f"The emulator refused: {message}")
    report: dict[str, Any] = ran.json()
    return report
