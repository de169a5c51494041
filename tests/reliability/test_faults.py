"""A hub sync through the emulator's fault injection: 429 storms, 5xx, latency and
dropped connections on the listing and the downloads. The sync completes with every
file byte-exact, and after each 429 it waited the Retry-After Zoom gave.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from starlette.applications import Starlette

from tests.conftest import BASE
from tests.hub.sync.conftest import CloudFile, assert_mirrors, running_hub, sync_once
from tests.hub.sync.conftest import cloud as cloud
from tests.hub.sync.conftest import sync_settings as sync_settings
from tests.hub.sync.conftest import zoom_app as zoom_app
from zoomstack.config import HubSettings

RETRY_AFTER = 1.0  # what the emulator's injected 429 says
LISTING = "/v2/users/*/recordings"
DOWNLOADS = "/rec/download/*"
FAULTS: dict[str, Any] = {
    "seed": 17,
    "rules": [
        {"path": "/v2/*", "latency_ms": 150},  # every API call slow
        {"path": DOWNLOADS, "latency_ms": 100},
        {"path": LISTING, "status": 429, "probability": 0.7, "times": 3},  # a 429 storm
        {"path": "/oauth/token", "status": 503, "times": 1},
        {"path": DOWNLOADS, "status": 429, "probability": 0.4, "times": 3},
        {"path": DOWNLOADS, "status": 503, "probability": 0.3, "times": 3},
        {"path": DOWNLOADS, "status": 502, "probability": 0.3, "times": 2},
        {"path": DOWNLOADS, "drop": True, "probability": 0.3, "times": 3},
        {"path": LISTING, "drop": True, "probability": 0.5, "times": 1},
    ],
}


async def answered(zoom: httpx.AsyncClient) -> list[dict[str, Any]]:
    """Every request the emulator answered, oldest first."""
    log = await zoom.get("/_emulator/requests", params={"limit": 10_000})
    requests: list[dict[str, Any]] = log.json()["requests"]
    return list(reversed(requests))


def waits_after_429s(requests: list[dict[str, Any]]) -> list[float]:
    """For each 429, the seconds until the same request came again."""
    waits = []
    for n, sent in enumerate(requests):
        if sent["status"] != 429:
            continue
        again = next(
            (
                r
                for r in requests[n + 1 :]
                if (r["path"], r["query"]) == (sent["path"], sent["query"])
            ),
            None,
        )
        assert again is not None, f"{sent['path']} was never asked again after its 429"
        waits.append((_at(again) - _at(sent)).total_seconds() - sent["latency_ms"] / 1000)
    return waits


def _at(request: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(request["time"]).replace("Z", "+00:00"))


async def test_a_sync_through_storms_errors_latency_and_drops_gets_every_file(
    cloud: list[CloudFile], sync_settings: HubSettings, zoom_app: Starlette
) -> None:
    transport = httpx.ASGITransport(app=zoom_app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as zoom:
        assert (await zoom.put("/_emulator/faults", json=FAULTS)).status_code == 200
        await zoom.delete("/_emulator/requests")
        async with running_hub(sync_settings, transport) as background:
            await sync_once(background)
            await assert_mirrors(background.hub, cloud)
        requests = await answered(zoom)
    faults = [r["fault"] for r in requests if r["fault"]]
    assert faults.count("error") >= 6 and faults.count("drop") >= 2, faults
    waits = waits_after_429s(requests)
    assert len(waits) >= 3, waits
    assert min(waits) >= RETRY_AFTER - 0.05, waits  # as told, never sooner
