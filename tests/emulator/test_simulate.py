from __future__ import annotations

from collections import Counter

import httpx
import pytest

from tests.emulator.simulated import encoded, happened, scheduled, simulate
from zoomstack.emulator.events import Event
from zoomstack.emulator.state import Emulator
from zoomstack.emulator.vtt import parse_vtt

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def events(emulator: Emulator) -> list[Event]:
    seen: list[Event] = []

    async def record(event: Event) -> None:
        seen.append(event)

    emulator.events.subscribe(record)
    return seen


async def test_report_names_the_instance_and_its_recording(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    report = await simulate(client, meeting["id"], participants=6, duration=20, seed=5)
    assert report["uuid"] == meeting["uuid"]
    assert report["meeting_id"] == meeting["id"]
    assert report["participants_count"] == 6
    files = report["recording"]["recording_files"]
    assert {f["file_type"] for f in files} >= {"MP4", "M4A", "TRANSCRIPT", "TIMELINE"}
    assert report["recording"]["total_size"] == sum(f["file_size"] for f in files)
    assert report["end_time"] > report["start_time"]


async def test_the_meeting_moves_to_a_new_uuid_and_the_old_one_still_finds_it(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, first = await happened(client, auth, seed=1)
    second = await simulate(client, meeting["id"], seed=2)
    assert first["uuid"] != second["uuid"]
    current = (await client.get(f"/v2/meetings/{meeting['id']}", headers=auth)).json()
    assert current["status"] == "waiting"
    assert current["uuid"] not in (first["uuid"], second["uuid"])
    for uuid in (first["uuid"], second["uuid"], current["uuid"]):
        response = await client.get(f"/v2/meetings/{encoded(uuid, 2)}", headers=auth)
        assert response.json()["id"] == meeting["id"]
    await client.patch(f"/v2/meetings/{meeting['id']}", headers=auth, json={"topic": "Renamed"})
    response = await client.get(f"/v2/meetings/{encoded(first['uuid'])}", headers=auth)
    assert response.json()["topic"] == "Renamed"


async def test_events_follow_the_meeting_through_its_life(
    client: httpx.AsyncClient, auth: dict[str, str], events: list[Event]
) -> None:
    meeting = await scheduled(client, auth)
    events.clear()
    report = await simulate(client, meeting["id"], participants=5, duration=30, seed=8)
    names = [e.name for e in events]
    assert names[0] == "meeting.started"
    assert names[-4:] == [
        "meeting.ended",
        "recording.completed",
        "recording.transcript_completed",
        "meeting.summary_completed",
    ]
    counts = Counter(names)
    assert counts["meeting.participant_joined"] == counts["meeting.participant_left"] >= 5
    assert all(e.object["uuid"] == report["uuid"] for e in events[:-1])
    joined = [e.object["participant"]["join_time"] for e in events if e.name.endswith("joined")]
    assert joined == sorted(joined)


async def test_recording_events_carry_a_download_token_beside_the_payload(
    client: httpx.AsyncClient, auth: dict[str, str], events: list[Event]
) -> None:
    await happened(client, auth, seed=3)
    by_name = {e.name: e for e in events}
    completed = by_name["recording.completed"].body()
    transcript = by_name["recording.transcript_completed"].body()
    assert completed["download_token"] and "download_token" not in completed["payload"]
    types = {f["file_type"] for f in completed["payload"]["object"]["recording_files"]}
    assert "TRANSCRIPT" not in types and "MP4" in types
    files = transcript["payload"]["object"]["recording_files"]
    assert [f["file_type"] for f in files] == ["TRANSCRIPT"]
    response = await client.get(
        files[0]["download_url"], params={"access_token": transcript["download_token"]}
    )
    assert response.status_code == 200
    summary = by_name["meeting.summary_completed"].object
    assert (
        summary["next_steps"]
        == (
            await client.get(
                f"/v2/meetings/{encoded(summary['meeting_uuid'])}/meeting_summary", headers=auth
            )
        ).json()["next_steps"]
    )


async def test_speakers_are_participants_present_when_they_speak(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, report = await happened(client, auth, participants=8, duration=25, seed=13)
    rows = (
        await client.get(
            f"/v2/past_meetings/{meeting['id']}/participants?page_size=300", headers=auth
        )
    ).json()["participants"]
    transcript = next(
        f for f in report["recording"]["recording_files"] if f["file_type"] == "TRANSCRIPT"
    )
    text = (await client.get(transcript["download_url"], headers=auth)).text
    cues = parse_vtt(text)
    start = report["start_time"]
    for cue in cues:
        stays = [r for r in rows if r["name"] == cue.speaker]
        assert stays, cue.speaker
        assert any(r["join_time"] <= _at(start, cue.start) <= r["leave_time"] for r in stays)


def _at(start: str, seconds: float) -> str:
    from datetime import datetime, timedelta

    moment = datetime.fromisoformat(start.replace("Z", "+00:00")) + timedelta(seconds=int(seconds))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


async def test_same_seed_gives_the_same_transcript(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    texts = []
    for _ in range(2):
        report = await simulate(client, meeting["id"], participants=4, duration=10, seed=77)
        url = next(
            f["download_url"]
            for f in report["recording"]["recording_files"]
            if f["file_type"] == "TRANSCRIPT"
        )
        texts.append((await client.get(url, headers=auth)).text)
    assert texts[0] == texts[1]
    assert texts[0].startswith("WEBVTT\n\n1\n00:00:")


async def test_start_time_places_the_instance(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    _, report = await happened(client, auth, duration=15, start_time="2024-05-06T07:08:09Z")
    assert (report["start_time"], report["end_time"]) == (
        "2024-05-06T07:08:09Z",
        "2024-05-06T07:23:09Z",
    )


async def test_an_empty_body_uses_the_meetings_own_length(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth, duration=45)
    response = await client.post(f"/_emulator/meetings/{meeting['id']}/simulate")
    assert response.status_code == 201, response.text
    past = (await client.get(f"/v2/past_meetings/{meeting['id']}", headers=auth)).json()
    assert past["duration"] == 45


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"participants": 0}, ["participants"]),
        ({"participants": "5", "duration": -3}, ["participants", "duration"]),
        ({"seed": 1.5, "start_time": "yesterday"}, ["seed", "start_time"]),
        ({"duration": True}, ["duration"]),
    ],
)
async def test_bad_options_are_a_validation_error(
    client: httpx.AsyncClient, auth: dict[str, str], body: dict[str, object], fields: list[str]
) -> None:
    meeting = await scheduled(client, auth)
    response = await client.post(f"/_emulator/meetings/{meeting['id']}/simulate", json=body)
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == 300
    assert [e["field"] for e in answer["errors"]] == fields


async def test_unknown_meetings_and_bad_json_get_zoom_errors(client: httpx.AsyncClient) -> None:
    response = await client.post("/_emulator/meetings/12345678901/simulate", json={})
    assert response.status_code == 404
    assert response.json() == {"code": 3001, "message": "Meeting does not exist: 12345678901."}
    response = await client.post("/_emulator/meetings/1/simulate", content=b"[1, 2")
    assert response.status_code == 400
    assert response.json()["code"] == 300


async def test_participant_audio_files_follow_the_hosts_setting_or_the_option(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    plain = await simulate(client, meeting["id"], seed=3, duration=5)
    assert plain["recording"]["participant_audio_files"] == []
    setting = {"recording": {"record_audio_file_each_participant": True}}
    patched = await client.patch("/v2/users/me/settings", headers=auth, json=setting)
    assert patched.status_code == 204, patched.text
    report = await simulate(client, meeting["id"], seed=3, duration=5)
    separate = report["recording"]["participant_audio_files"]
    recording = (
        await client.get(f"/v2/meetings/{encoded(report['uuid'], 2)}/recordings", headers=auth)
    ).json()
    speakers = {f["file_name"] for f in separate}
    assert len(separate) == len(speakers) >= 3
    listed = recording["participant_audio_files"]
    assert [{k: f[k] for k in separate[0]} for f in listed] == separate
    assert all(f["file_type"] == f["file_extension"] == "M4A" for f in listed)
    assert all(f["recording_end"] > f["recording_start"] and f["play_url"] for f in listed)
    files = recording["recording_files"] + recording["participant_audio_files"]
    assert recording["recording_count"] == len(files)
    assert recording["total_size"] == sum(f["file_size"] for f in files)
    for file in separate:  # filler bytes by default, of the listed size
        got = await client.get(file["download_url"], headers=auth)
        assert got.status_code == 200 and len(got.content) == file["file_size"]
    off = await simulate(client, meeting["id"], seed=3, duration=5, participant_audio=False)
    assert off["recording"]["participant_audio_files"] == []
    refused = await client.post(
        f"/_emulator/meetings/{meeting['id']}/simulate", json={"participant_audio": "yes"}
    )
    assert refused.status_code == 400 and "participant_audio" in refused.text


async def test_recording_completed_lists_the_participants_audio_files(
    client: httpx.AsyncClient, auth: dict[str, str], events: list[Event]
) -> None:
    _, report = await happened(client, auth, duration=5, seed=4, participant_audio=True)
    completed = next(e for e in events if e.name == "recording.completed").object
    separate = report["recording"]["participant_audio_files"]
    assert [f["id"] for f in completed["participant_audio_files"]] == [f["id"] for f in separate]
    counted = completed["recording_files"] + completed["participant_audio_files"]
    assert completed["recording_count"] == len(counted)
    assert completed["total_size"] == sum(f["file_size"] for f in counted)
