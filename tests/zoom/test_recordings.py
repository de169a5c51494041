"""Cloud recording listings: month windows, pages, the account walk, meeting recordings."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from tests.zoom.conftest import mock_client, token_answer
from zoomstack.zoom import RecordingMeeting, RetryPolicy


def recording(uuid: str, start: str) -> dict[str, Any]:
    return {
        "uuid": uuid,
        "id": 123,
        "start_time": start,
        "recording_files": [
            {"id": f"{uuid}-mp4", "file_type": "MP4", "file_size": 10, "download_url": "u"}
        ],
    }


class RecordingsApi:
    """Lists one user's recordings by window; each window's second page via a token."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, dict[str, str]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        token = token_answer(request)
        if token is not None:
            return token
        params = dict(request.url.params)
        self.queries.append((request.url.path, params))
        if request.url.path == "/v2/users":
            return httpx.Response(200, json={"users": [{"id": "u1"}, {"id": "u2"}]})
        window = params["from"]
        if "next_page_token" not in params:
            meetings = [recording(f"{window}-a", f"{window}T10:00:00Z")]
            return httpx.Response(200, json={"meetings": meetings, "next_page_token": "p2"})
        meetings = [recording(f"{window}-b", f"{window}T11:00:00Z")]
        return httpx.Response(200, json={"meetings": meetings, "next_page_token": ""})


async def test_user_recordings_are_listed_month_by_month(retry: RetryPolicy) -> None:
    api = RecordingsApi()
    async with mock_client(api, retry) as zoom:
        found = [
            r
            async for r in zoom.iter_recordings("u1", start=date(2024, 1, 10), end=date(2024, 3, 1))
        ]
    assert all(isinstance(r, RecordingMeeting) for r in found)
    assert [r.uuid for r in found] == [
        "2024-01-10-a",
        "2024-01-10-b",
        "2024-02-10-a",
        "2024-02-10-b",
    ]
    windows = [(q["from"], q["to"]) for _, q in api.queries if "next_page_token" not in q]
    assert windows == [("2024-01-10", "2024-02-09"), ("2024-02-10", "2024-03-01")]
    assert {path for path, _ in api.queries} == {"/v2/users/u1/recordings"}
    assert found[0].recording_files[0].file_type == "MP4"


async def test_account_recordings_walk_every_user(retry: RetryPolicy) -> None:
    api = RecordingsApi()
    async with mock_client(api, retry) as zoom:
        found = [
            r
            async for r in zoom.iter_account_recordings(
                start=date(2024, 1, 1), end=date(2024, 1, 5)
            )
        ]
    assert len(found) == 4
    paths = [path for path, _ in api.queries]
    assert paths[0] == "/v2/users"
    assert paths.count("/v2/users/u1/recordings") == 2
    assert paths.count("/v2/users/u2/recordings") == 2


async def test_meeting_recordings_with_a_download_token(retry: RetryPolicy) -> None:
    asked: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        token = token_answer(request)
        if token is not None:
            return token
        asked.append(request)
        body = {**recording("abc==", "2024-01-01T10:00:00Z"), "download_access_token": "dl"}
        return httpx.Response(200, json=body)

    async with mock_client(handler, retry) as zoom:
        meeting = await zoom.get_meeting_recordings("abc==", download_token_ttl=600)
    assert meeting.download_access_token == "dl"
    assert asked[0].url.raw_path.decode().startswith("/v2/meetings/abc%3D%3D/recordings?")
    assert dict(asked[0].url.params) == {"include_fields": "download_access_token", "ttl": "600"}
