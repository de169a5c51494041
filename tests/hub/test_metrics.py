from __future__ import annotations

import httpx

from tests.hub.recordings.media import mp4
from tests.hub.routes.test_uploads import upload


def sample(text: str, name: str) -> float:
    """The value of the metric line that starts with `name` (labels included)."""
    [line] = [line for line in text.splitlines() if line.startswith(name + " ")]
    return float(line.rsplit(" ", 1)[1])


async def test_metrics_expose_latency_upload_sync_and_queue_counters(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    assert (await upload(hub_client, alice, "a.mp4", mp4(1000))).status_code == 201
    assert (await upload(hub_client, alice, "a.exe", b"x", "text/plain")).status_code == 415
    await hub_client.get("/recordings", headers=alice)
    response = await hub_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert sample(text, 'zoomstack_hub_uploads_total{outcome="stored"}') == 1
    assert sample(text, 'zoomstack_hub_uploads_total{outcome="refused"}') == 1
    assert sample(text, "zoomstack_hub_upload_bytes_total") == 1000
    route = 'method="GET",route="/recordings",status="200"'
    assert sample(text, f"zoomstack_hub_request_duration_seconds_count{{{route}}}") == 1
    for outcome in ("stored", "skipped", "failed"):
        assert sample(text, f'zoomstack_hub_sync_recordings_total{{outcome="{outcome}"}}') == 0
    assert sample(text, "zoomstack_hub_sync_bytes_total") == 0
    assert sample(text, "zoomstack_hub_queue_depth") == 0


async def test_unmatched_paths_share_one_label(hub_client: httpx.AsyncClient) -> None:
    for n in range(3):
        assert (await hub_client.get(f"/no/such/{n}")).status_code == 404
    text = (await hub_client.get("/metrics")).text
    label = 'method="GET",route="unmatched",status="404"'
    assert sample(text, f"zoomstack_hub_request_duration_seconds_count{{{label}}}") == 3
