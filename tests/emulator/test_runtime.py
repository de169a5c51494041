"""What runs beside the API: another worker sees control-plane changes without a call."""

from __future__ import annotations

import asyncio

import httpx

from tests.conftest import BASE
from zoomstack.emulator.app import create_app
from zoomstack.emulator.state import Emulator


async def test_a_second_worker_picks_up_faults(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    worker = create_app(emulator=Emulator(settings=emulator.settings, store=emulator.store))
    async with (
        worker.router.lifespan_context(worker),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=worker), base_url=BASE) as second,
    ):
        rule = {"path": "/v2/users/me", "status": 503}
        assert (await client.post("/_emulator/faults", json=rule)).status_code == 201

        async def second_sees_it() -> None:
            while True:
                if (await second.get("/v2/users/me", headers=auth)).status_code == 503:
                    return
                await asyncio.sleep(0.05)

        await asyncio.wait_for(second_sees_it(), timeout=10)
        assert len((await second.get("/_emulator/faults")).json()["rules"]) == 1
