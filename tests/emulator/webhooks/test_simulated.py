"""A simulated meeting, seen by a webhook endpoint: Zoom's events in Zoom's order."""

from __future__ import annotations

import httpx

from tests.emulator.simulated import happened
from tests.emulator.webhooks.conftest import SECRET, Receiver
from zoomstack.emulator.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

LIFECYCLE = [
    "meeting.started",
    "meeting.participant_joined",
    "meeting.participant_left",
    "meeting.ended",
    "recording.completed",
    "recording.transcript_completed",
    "meeting.summary_completed",
]


async def test_simulated_meeting_events_arrive_in_order(
    client: httpx.AsyncClient, auth: dict[str, str], receiver: Receiver
) -> None:
    response = await client.post(
        "/_emulator/webhooks",
        json={"url": receiver.url, "secret_token": SECRET, "events": LIFECYCLE},
    )
    assert response.status_code == 201
    meeting, report = await happened(client, auth, participants=3, seed=5)

    got = [await receiver.next()]
    while got[-1].event != "meeting.summary_completed":
        got.append(await receiver.next())
    names = [r.event for r in got]
    attendance = names[1:-4]
    assert names[0] == "meeting.started"
    assert names[-4:] == LIFECYCLE[-4:]
    assert set(attendance) == {"meeting.participant_joined", "meeting.participant_left"}
    assert attendance.count("meeting.participant_joined") == attendance.count(
        "meeting.participant_left"
    )
    assert len(attendance) >= 2 * report["participants_count"]
    for request in got:
        headers = request.headers
        assert verify(SECRET, headers[TIMESTAMP_HEADER], request.body, headers[SIGNATURE_HEADER])
    instance = [r.json()["payload"]["object"] for r in got]
    assert {str(obj["id"]) for obj in instance[:-1]} == {str(meeting["id"])}
    assert {obj["uuid"] for obj in instance[:-1]} == {report["uuid"]}
    assert instance[-1]["meeting_uuid"] == report["uuid"]
    assert got[-3].json()["download_token"]  # beside the payload, as Zoom sends it
