"""What the fuzzers found, pinned: each input once answered 500 or broke its own schema.

Emulator cases go through the in-process `client`; hub cases through `hub_client`.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx
import pytest

MEETING = {"topic": "Edge", "type": 2, "start_time": "2030-06-01T08:00:00Z", "duration": 30}
NON_ASCII = "pässwörd-€"  # hmac.compare_digest refuses str like this with a TypeError


async def test_a_clock_pushed_out_of_range_is_refused_and_keeps_working(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    for advance in (1e300, -1e300, 10**30):
        refused = await client.post("/_emulator/clock", json={"advance_seconds": advance})
        assert refused.status_code == 400, refused.text
    assert (await client.get("/_emulator/clock")).json()["offset_seconds"] == 0
    assert (await client.get("/v2/users/me", headers=auth)).status_code == 200


@pytest.mark.parametrize("path", ["/v2/users/me/webinars", "/v2/users/me/meetings", "/v2/users"])
async def test_a_page_number_beyond_any_store_is_an_empty_page(
    client: httpx.AsyncClient, auth: dict[str, str], path: str
) -> None:
    answer = await client.get(path, params={"page_number": 10**18, "page_size": 300}, headers=auth)
    assert answer.status_code == 200, answer.text


async def test_a_page_token_nested_too_deep_is_a_bad_request(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    token = base64.urlsafe_b64encode(b"[" * 5000).decode()
    answer = await client.get("/v2/users", params={"next_page_token": token}, headers=auth)
    assert answer.status_code == 400, answer.text


@pytest.mark.parametrize(
    "start_time",
    [
        "0001-01-01T00:00:00+05:00",  # before year 1 in UTC
        "9999-12-31T23:59:59-05:00",  # after year 9999 in UTC
        "9999-12-31T23:59:59Z",  # its occurrences would be
        "0668-02-12T03:29:25Z",  # once stored as "668-02-12T...", which nothing reads back
        "2025-02-30T00:00:00Z",
    ],
)
async def test_start_times_out_of_range_are_field_errors(
    client: httpx.AsyncClient, auth: dict[str, str], start_time: str
) -> None:
    body = {**MEETING, "start_time": start_time}
    refused = await client.post("/v2/users/me/meetings", json=body, headers=auth)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"] == [{"field": "start_time", "message": "Invalid field."}]


@pytest.mark.parametrize(
    "path",
    [
        "/v2/users/me/recordings?from=0001-01-01&to=9999-12-31",
        "/v2/report/users/me/meetings?from=2025-01-01&to=9999-12-31",
        "/v2/metrics/meetings?from=0001-01-01&to=2025-01-01&type=past",
    ],
)
async def test_date_bounds_out_of_range_are_bad_requests(
    client: httpx.AsyncClient, auth: dict[str, str], path: str
) -> None:
    answer = await client.get(path, headers=auth)
    assert answer.status_code == 400 and answer.json()["code"] == 300, answer.text


@pytest.mark.parametrize("interval", [0, 91, 10**12, "2"])
async def test_repeat_intervals_beyond_zooms_are_field_errors(
    client: httpx.AsyncClient, auth: dict[str, str], interval: object
) -> None:
    body = {**MEETING, "type": 8, "recurrence": {"type": 1, "repeat_interval": interval}}
    refused = await client.post("/v2/users/me/meetings", json=body, headers=auth)
    assert refused.status_code == 400, refused.text
    assert {"field": "recurrence.repeat_interval", "message": "Invalid field."} in (
        refused.json()["errors"]
    )


async def test_nulls_inside_lists_are_not_stored(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    body = {
        **MEETING,
        "tracking_fields": [{"field": "team", "value": None}],
        "settings": {"resources": [{"resource_type": "whiteboard", "permission_level": None}]},
    }
    made = await client.post("/v2/users/me/meetings", json=body, headers=auth)
    assert made.status_code == 201, made.text
    assert made.json()["tracking_fields"] == [{"field": "team", "value": ""}]
    assert made.json()["settings"]["resources"] == [{"resource_type": "whiteboard"}]
    patch = {"tracking_fields": [{"field": "team", "value": None}, None]}
    meeting_id = made.json()["id"]
    assert (await client.patch(f"/v2/meetings/{meeting_id}", json=patch, headers=auth)).is_success
    read = (await client.get(f"/v2/meetings/{meeting_id}", headers=auth)).json()
    assert read["tracking_fields"] == [{"field": "team", "value": ""}]


@pytest.mark.parametrize("email", ["", "not-an-email", "a..b@example.com", "x@-example.com"])
async def test_emails_that_are_not_are_field_errors(
    client: httpx.AsyncClient, auth: dict[str, str], email: str
) -> None:
    body = {**MEETING, "settings": {"meeting_invitees": [{"email": email}]}}
    refused = await client.post("/v2/users/me/meetings", json=body, headers=auth)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["field"] == "settings.meeting_invitees.email"
    fine = {**MEETING, "settings": {"meeting_invitees": [{"email": "jchill@example.com"}]}}
    assert (await client.post("/v2/users/me/meetings", json=fine, headers=auth)).status_code == 201


async def test_strings_longer_than_documented_are_field_errors(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    body = {"topic": "Long", "type": 5, "settings": {"audio_conference_info": "0" * 2049}}
    refused = await client.post("/v2/users/me/webinars", json=body, headers=auth)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["field"] == "settings.audio_conference_info"


async def test_list_items_without_their_required_fields_are_field_errors(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    field = "settings.auto_add_recording_to_video_management.channels"
    channels: dict[str, Any] = {"enable": True}
    body = {**MEETING, "settings": {"auto_add_recording_to_video_management": channels}}
    for items in ([{"name": "no id"}], [{"channel_id": None, "name": "null id"}], [], [None]):
        channels["channels"] = items
        refused = await client.post("/v2/users/me/meetings", json=body, headers=auth)
        assert refused.status_code == 400, refused.text
        assert refused.json()["errors"] == [{"field": field, "message": "Invalid field."}]
    channels["channels"] = [{"channel_id": "c1", "name": "with id"}]
    assert (await client.post("/v2/users/me/meetings", json=body, headers=auth)).status_code == 201


async def test_numbers_out_of_their_documented_range_are_field_errors(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    body = {"topic": "Range", "type": 5, "settings": {"registrants_restrict_number": -1}}
    refused = await client.post("/v2/users/me/webinars", json=body, headers=auth)
    assert refused.status_code == 400, refused.text
    fields = [error["field"] for error in refused.json()["errors"]]
    assert fields == ["settings.registrants_restrict_number"]


async def test_an_encoded_question_mark_is_part_of_the_id_not_a_query(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    # Once answered as the list one level up (the path cut at the decoded `?`).
    for path in ("/v2/rooms/%3Fa", "/v2/workspaces/w1/reservations/%3Fx/questionnaires"):
        answer = await client.get(path, headers=auth)
        assert answer.status_code == 404, (path, answer.text)
    missing = (await client.get("/v2/rooms/%3Fa", headers=auth)).json()
    assert missing["message"] == "Room not found: ?a."


async def test_a_field_whose_type_rules_out_its_alternatives_answers_in_its_type(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    # Zoom's complete_time: a date-time string, `anyOf` an object or "": once answered {}.
    answer = await client.get("/v2/past_meetings/abc/archive_files", headers=auth)
    assert answer.status_code == 200, answer.text
    assert answer.json()["complete_time"] == "2021-03-12T02:57:27Z"  # Zoom's example


# -- hub ----------------------------------------------------------------------------------


async def test_a_non_ascii_download_signature_is_forbidden(hub_client: httpx.AsyncClient) -> None:
    answer = await hub_client.get("/files/rec1", params={"expires": 1, "signature": NON_ASCII})
    assert answer.status_code == 403, answer.text
    assert answer.json()["message"] == "Invalid download signature."


@pytest.mark.parametrize("path", ["0" * 300, "~no-such-user-anywhere/x", "a\x00b"])
async def test_unusable_monitor_folders_are_422(
    hub_client: httpx.AsyncClient, alice: dict[str, str], path: str
) -> None:
    started = await hub_client.post("/monitor/start", json={"path": path}, headers=alice)
    assert started.status_code == 422, started.text
    moved = await hub_client.put("/monitor/path", json={"path": path}, headers=alice)
    assert moved.status_code == 422, moved.text


async def test_a_deep_page_token_is_a_bad_request_on_the_hub(
    hub_client: httpx.AsyncClient, alice: dict[str, str], tmp_path: Path
) -> None:
    token = base64.urlsafe_b64encode(b"[" * 370).decode()
    answer = await hub_client.get("/recordings", params={"next_page_token": token}, headers=alice)
    assert answer.status_code == 400, answer.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/zoom/enhanced/meetings/calendar?start_date=9999-12-31", None),
        ("GET", "/recordings?created_from=0001-01-01T00:00:00%2B05:00", None),
        (
            "POST",
            "/api/calendar/events",
            {"title": "x", "start": "0001-01-01T00:10:00", "end": "0001-01-01T00:30:00",
             "timezone": "Asia/Tokyo"},
        ),
    ],
)  # fmt: skip
async def test_dates_past_what_the_hub_can_hold_are_422_and_store_nothing(
    hub_client: httpx.AsyncClient,
    alice: dict[str, str],
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    answer = await hub_client.request(method, path, json=body, headers=alice)
    assert answer.status_code == 422, answer.text
    assert answer.json()["message"] == "A date or number is out of the range the hub can hold."
    exported = await hub_client.get("/api/calendar.ics", headers=alice)
    assert exported.status_code == 200 and "BEGIN:VEVENT" not in exported.text
