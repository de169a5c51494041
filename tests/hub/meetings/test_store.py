"""The hub's copies of meetings: written from Zoom's objects, once per user and meeting."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import func, select

from zoomstack.hub.db.meeting_models import Meeting
from zoomstack.hub.meetings import store
from zoomstack.hub.state import Hub

ZOOM = {
    "id": 81234567890,
    "uuid": "inst==",
    "host_id": "host",
    "topic": "Planning",
    "type": 2,
    "start_time": "2030-01-02T15:00:00Z",
    "duration": 45,
    "timezone": "UTC",
    "join_url": "https://zoom.test/j/81234567890",
    "settings": {"waiting_room": True},
}


async def me(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    user_id: str = (await client.get("/users/me", headers=headers)).json()["id"]
    return user_id


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_saves_racing_for_one_meeting_make_one_copy(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str]
) -> None:
    user_id = await me(hub_client, alice)

    async def save(topic: str) -> Meeting:
        async with hub.db.sessions() as session:
            return await store.save_meeting(session, user_id=user_id, obj={**ZOOM, "topic": topic})

    saved = await asyncio.gather(*(save(f"Planning {n}") for n in range(6)))
    assert len({meeting.id for meeting in saved}) == 1
    async with hub.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 1
        copy = await store.get_meeting(session, user_id=user_id, zoom_id="81234567890")
    assert copy.topic.startswith("Planning ") and copy.duration == 45
    assert copy.zoom["settings"] == {"waiting_room": True} and copy.start_time is not None


async def test_event_parts_merge_into_the_copy(
    hub_client: httpx.AsyncClient, hub: Hub, alice: dict[str, str]
) -> None:
    user_id = await me(hub_client, alice)
    async with hub.db.sessions() as session:
        await store.save_meeting(session, user_id=user_id, obj=ZOOM)
        part = {"id": ZOOM["id"], "topic": "Renamed", "start_time": "not a time"}
        copy = await store.save_meeting(session, user_id=user_id, obj=part)
    assert (copy.topic, copy.duration, copy.start_time) == ("Renamed", 45, None)
    assert copy.zoom["join_url"] == ZOOM["join_url"]
