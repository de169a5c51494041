"""POST /_emulator/snapshot and /_emulator/restore: the whole state, out and back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.emulator.simulated import encoded, happened, held_webinar
from zoomstack.emulator.seed import seed
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.store import Doc

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


async def _busy_state(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> dict[str, Any]:
    """A store with something of every kind: seeded users and meetings, a simulated
    meeting and webinar, feedback, a webhook subscription, faults and a moved clock."""
    await seed(emulator, users=3, meetings_per_user=2, seed=5, now=datetime(2026, 3, 1, tzinfo=UTC))
    meeting, report = await happened(client, auth, participants=4, seed=3)
    await held_webinar(client, auth, participants=3, seed=4)
    feedback = {"meeting_id": meeting["id"], "rating": 4}
    assert (await client.post("/v2/qss/feedback", headers=auth, json=feedback)).status_code == 201
    hook = {"url": "http://127.0.0.1:9/hooks", "events": ["meeting.*"], "validate": False}
    assert (await client.post("/_emulator/webhooks", json=hook)).status_code == 201
    fault = {"method": "GET", "path": "/v2/users/nobody", "status": 503}
    assert (await client.post("/_emulator/faults", json=fault)).status_code == 201
    assert (
        await client.post("/_emulator/clock", json={"advance_seconds": 3600})
    ).status_code == 200
    return report


async def _state(emulator: Emulator) -> tuple[list[Doc], float]:
    return await emulator.store.dump(), emulator.clock.offset_seconds


async def test_snapshot_reset_restore_from_a_file_gives_back_the_same_state(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    report = await _busy_state(client, auth, emulator)
    before = await _state(emulator)
    users = (await client.get("/v2/users", headers=auth)).json()
    faults = (await client.get("/_emulator/faults")).json()

    taken = await client.post("/_emulator/snapshot", json={"name": "busy"})
    assert taken.status_code == 201, taken.text
    assert taken.json()["documents"] == len(before[0])
    assert (await client.get("/_emulator/snapshots")).json() == {"snapshots": ["busy"]}
    await client.post("/_emulator/reset")
    assert await _state(emulator) != before

    restored = await client.post("/_emulator/restore", json={"name": "busy"})
    assert restored.status_code == 200, restored.text
    assert restored.json() == {"status": "restored", "source": "busy", "documents": len(before[0])}
    assert await _state(emulator) == before
    assert (await client.get("/v2/users", headers=auth)).json() == users  # counts rebuilt
    assert (await client.get("/_emulator/faults")).json() == faults
    by_old_uuid = await client.get(f"/v2/past_meetings/{encoded(report['uuid'])}", headers=auth)
    assert by_old_uuid.status_code == 200  # aliases came back too


async def test_a_snapshot_can_travel_as_the_request_body(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    await happened(client, auth, participants=3, seed=8)
    before = await _state(emulator)
    snapshot = (await client.post("/_emulator/snapshot")).json()
    assert snapshot["format"] == "zoomstack.emulator.snapshot" and snapshot["version"] == 1
    await client.post("/_emulator/reset")
    restored = await client.post("/_emulator/restore", json=snapshot)
    assert restored.json()["source"] == "body"
    assert await _state(emulator) == before


async def test_bad_snapshots_are_refused_before_anything_is_wiped(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator
) -> None:
    await happened(client, auth, participants=3, seed=8)
    before = await _state(emulator)
    snapshot = (await client.post("/_emulator/snapshot")).json()
    twice = {**snapshot, "documents": snapshot["documents"] + snapshot["documents"][:1]}
    broken = {**snapshot, "documents": [{"kind": "user", "id": 7, "body": []}]}
    for body, field in (
        (twice, "documents.id"),
        (broken, "documents[0].id"),
        ({"documents": []}, "format"),
        ({**snapshot, "documents": {}}, "documents"),
    ):
        response = await client.post("/_emulator/restore", json=body)
        assert response.status_code == 400, response.text
        assert field in {e["field"] for e in response.json()["errors"]}
    assert await _state(emulator) == before


@pytest.mark.parametrize("name", ["../outside", "", ".hidden", "a/b", 7])
async def test_names_are_plain_file_names(client: httpx.AsyncClient, name: object) -> None:
    response = await client.post("/_emulator/snapshot", json={"name": name})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "name"


async def test_restoring_a_snapshot_never_taken_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post("/_emulator/restore", json={"name": "never"})
    assert response.status_code == 404
    assert response.json() == {"code": 404, "message": "Snapshot does not exist: never."}
    empty = await client.post("/_emulator/restore")
    assert empty.status_code == 400 and empty.json()["code"] == 300
