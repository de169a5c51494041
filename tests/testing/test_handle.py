"""ZoomEmulator: the handle's typed control-plane helpers, in-process and over a socket."""

from __future__ import annotations

from datetime import timedelta

import pytest

from zoomstack.testing.handle import ZoomEmulator, run_emulator
from zoomstack.zoom import NotFoundError, ZoomAPIError, ZoomClient


def test_an_in_process_handle_names_zoom_s_own_urls(zoom_emulator: ZoomEmulator) -> None:
    assert zoom_emulator.in_process
    assert zoom_emulator.api_url == "https://api.zoom.us/v2"
    assert zoom_emulator.oauth_url == "https://zoom.us/oauth/token"
    assert zoom_emulator.authorize_url == "https://zoom.us/oauth/authorize"
    assert zoom_emulator.health()["account_id"] == zoom_emulator.account_id
    assert zoom_emulator.transport is not None and zoom_emulator.async_transport is not None


def test_users_and_meetings_are_created_and_read_back(zoom_emulator: ZoomEmulator) -> None:
    user = zoom_emulator.create_user("ada@example.com", first_name="Ada", last_name="Lovelace")
    assert (user.email, user.first_name, user.status) == ("ada@example.com", "Ada", "active")
    meeting = zoom_emulator.create_meeting(user.id, topic="Design review", duration=45)
    assert meeting.host_id == user.id
    got = zoom_emulator.get_meeting(meeting.id)
    assert (got.topic, got.duration) == ("Design review", 45)


def test_api_errors_carry_zoom_s_status_and_code(zoom_emulator: ZoomEmulator) -> None:
    with pytest.raises(NotFoundError) as missing:
        zoom_emulator.get_meeting(99999999999)
    assert (missing.value.status, missing.value.code) == (404, 3001)


def test_seed_fills_the_account_once_per_seed(zoom_emulator: ZoomEmulator) -> None:
    made = zoom_emulator.seed(users=2, meetings_per_user=2, seed=5)
    assert made["users"] == 2 and made["meetings"] >= 4
    listed = zoom_emulator.api("GET", "users", params={"page_size": 300})
    assert listed["total_records"] == 1 + 2  # the account owner and the seeded users
    with pytest.raises(ZoomAPIError) as again:
        zoom_emulator.seed(users=2, meetings_per_user=2, seed=5)
    assert again.value.status == 409


def test_simulate_makes_a_meeting_happen(zoom_emulator: ZoomEmulator) -> None:
    meeting = zoom_emulator.create_meeting(topic="Weekly sync", duration=30)
    run = zoom_emulator.simulate(meeting.id, participants=4, seed=3)
    assert (run.meeting_id, run.topic, run.participants_count) == (meeting.id, "Weekly sync", 4)
    assert run.end_time - run.start_time == timedelta(minutes=30)
    assert {f["file_type"] for f in run.recording_files} >= {"MP4", "TRANSCRIPT"}
    past = zoom_emulator.api("GET", f"past_meetings/{meeting.id}")
    assert past["uuid"] == run.uuid


def test_the_clock_moves_and_reset_brings_it_back(zoom_emulator: ZoomEmulator) -> None:
    before = zoom_emulator.now()
    after = zoom_emulator.advance_clock(timedelta(days=2))
    assert after - before >= timedelta(days=2)
    zoom_emulator.create_meeting(topic="Gone after reset")
    zoom_emulator.reset()
    assert zoom_emulator.now() - before < timedelta(days=1)
    listed = zoom_emulator.api("GET", "users/me/meetings")
    assert listed["total_records"] == 0


def test_connect_reaches_a_served_emulator_by_url() -> None:
    with run_emulator("memory", serve=True, account_id="servedAccount01") as served:
        assert not served.in_process and served.base_url.startswith("http://127.0.0.1:")
        remote = ZoomEmulator.connect(served.base_url)
        try:
            assert remote.account_id == "servedAccount01"
            assert remote.transport is None  # a plain network client
            created = remote.create_meeting(topic="Over the socket")
            assert served.get_meeting(created.id).topic == "Over the socket"
        finally:
            remote.close()


async def test_zoom_client_fixture_talks_to_the_same_emulator(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    created = await zoom_client.create_meeting("me", {"topic": "From the client"})
    assert zoom_emulator.get_meeting(created.id).topic == "From the client"
    me = await zoom_client.me()
    assert created.host_id == me.id
