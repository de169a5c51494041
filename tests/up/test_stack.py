"""`zoomstack up`'s stack: both servers on real ports, wired both ways."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from tests.up.conftest import small_config
from zoomstack.up import Stack, running
from zoomstack.up.initial import initial_sync
from zoomstack.up.simulator import Simulator

DEMO_KEY = {"X-API-Key": "zsk_demo_zoomstack_local_api_key"}


async def _insights(http: httpx.AsyncClient, stack: Stack, meeting_id: int) -> dict[str, object]:
    url = f"{stack.hub_url}/api/meetings/{meeting_id}/insights"
    async with asyncio.timeout(60):
        while True:
            answer = await http.get(url, headers=DEMO_KEY)
            if answer.status_code == 200 and answer.json()["status"] == "done":
                body: dict[str, object] = answer.json()
                return body
            await asyncio.sleep(0.2)


async def test_both_answer_and_the_hub_sees_zoom(stack: Stack) -> None:
    async with httpx.AsyncClient() as http:
        health = await http.get(f"{stack.emulator_url}/_emulator/health")
        assert health.status_code == 200
        hub = await http.get(f"{stack.hub_url}/health")
        assert hub.json()["checks"]["zoom"]["status"] == "ok", hub.text
        login = await http.get(f"{stack.hub_url}/app/login")
        assert login.status_code == 200 and "Sign in" in login.text


async def test_the_subscription_is_made_once(stack: Stack) -> None:
    async with httpx.AsyncClient() as http:
        assert not await stack.subscribe(http)
        token = await stack.s2s_token(http)
        listed = await http.get(
            f"{stack.emulator_url}/_emulator/webhooks", headers={"authorization": f"Bearer {token}"}
        )
    urls = [sub["url"] for sub in listed.json()["webhooks"]]
    assert urls.count(f"{stack.hub_url}/webhooks/zoom") == 1


async def test_first_sync_copies_the_owners_upcoming_meetings(stack: Stack) -> None:
    report = await initial_sync(stack, days=1)
    async with httpx.AsyncClient() as http:
        listed = await http.get(f"{stack.hub_url}/api/meetings", headers=DEMO_KEY)
    assert listed.json()["total_records"] == report.upcoming_imported
    assert report.counts.finished
    again = await initial_sync(stack, days=1)
    assert again.upcoming_imported == 0


async def test_a_simulated_meeting_reaches_the_hub_with_its_summary(stack: Stack) -> None:
    said: list[str] = []
    async with httpx.AsyncClient(timeout=60) as http:
        simulator = Simulator(stack, http, every=0.01, seed=3, say=said.append)
        held = await simulator.once()
        insights = await _insights(http, stack, held.meeting_id)
        meeting = await http.get(
            f"{stack.hub_url}/api/meetings/{held.meeting_id}", headers=DEMO_KEY
        )
    assert meeting.json()["status"] == "ended"
    assert meeting.json()["topic"] == held.topic
    assert insights["insights"]["summary"]["overview"]  # type: ignore[index]
    assert len(said) == 2 and held.topic in said[0]


async def test_a_second_start_keeps_the_data_and_the_subscription(tmp_path: Path) -> None:
    config = small_config(tmp_path / "data")
    async with running(config) as first:
        seeded = first.emulator.database_url()
    async with running(config) as second, httpx.AsyncClient() as http:
        assert second.emulator.database_url() == seeded
        token = await second.s2s_token(http)
        users = await http.get(
            f"{second.emulator_url}/v2/users", headers={"authorization": f"Bearer {token}"}
        )
    assert users.json()["total_records"] == 2  # the owner and one demo user, seeded once
