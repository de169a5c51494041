"""The hot-read middleware answers exactly as the routes do, and only the plain cases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from zoomstack.emulator.app import create_app
from zoomstack.emulator.hotpath import HotReads
from zoomstack.emulator.resources import meetings
from zoomstack.emulator.state import Emulator

BASE = "http://emulator.test"
FUTURE = [f"2031-03-0{day}T10:00:00Z" for day in range(1, 6)]


@pytest.fixture
async def meeting_ids(client: httpx.AsyncClient, auth: dict[str, str]) -> list[int]:
    ids = []
    for start in FUTURE:
        response = await client.post(
            "/v2/users/me/meetings", headers=auth, json={"topic": start, "start_time": start}
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def _token(auth: dict[str, str]) -> str:
    return auth["Authorization"].removeprefix("Bearer ")


async def _lane_and_route(
    client: httpx.AsyncClient, auth: dict[str, str], path: str, params: dict[str, Any]
) -> tuple[httpx.Response, httpx.Response]:
    """The same GET twice: token in the header (hot path), in the query (routes only)."""
    query = {**params, "access_token": _token(auth)}
    hot = await client.get(path, params=query, headers=auth)
    routed = await client.get(path, params=query)
    return hot, routed


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v2/users/me/meetings", {}),
        ("/v2/users/me/meetings", {"page_size": 2}),
        ("/v2/users/me/meetings", {"page_size": 2, "page_number": 2}),
        ("/v2/users/me/meetings", {"type": "upcoming", "page_size": 300}),
        ("/v2/users/me/meetings", {"from": "2031-03-02", "to": "2031-03-04"}),
        ("/v2/users/owner@zoomstack.example/meetings", {"page_size": 1000}),
        ("/v2/users/me/meetings", {"type": "nonsense"}),
        ("/v2/users/nobody/meetings", {}),
        ("/v2/meetings/1", {}),
    ],
)
async def test_answers_match_the_routes(
    client: httpx.AsyncClient,
    auth: dict[str, str],
    meeting_ids: list[int],
    path: str,
    params: dict[str, Any],
) -> None:
    hot, routed = await _lane_and_route(client, auth, path, params)
    assert (hot.status_code, hot.headers, hot.content) == (
        routed.status_code,
        routed.headers,
        routed.content,
    )


async def test_meeting_and_next_page_match_the_routes(
    client: httpx.AsyncClient, auth: dict[str, str], meeting_ids: list[int]
) -> None:
    hot, routed = await _lane_and_route(client, auth, f"/v2/meetings/{meeting_ids[2]}", {})
    assert hot.status_code == 200
    assert (hot.headers, hot.content) == (routed.headers, routed.content)
    first = (
        await client.get("/v2/users/me/meetings", params={"page_size": 2}, headers=auth)
    ).json()
    token = {"page_size": 2, "next_page_token": first["next_page_token"]}
    hot, routed = await _lane_and_route(client, auth, "/v2/users/me/meetings", token)
    assert [m["id"] for m in hot.json()["meetings"]] == meeting_ids[2:4]
    assert (hot.headers, hot.content) == (routed.headers, routed.content)


@pytest.fixture
async def lane_only(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """HotReads in front of a stand-in for the routes that answers 599."""
    app = create_app(emulator=emulator)

    async def routes(scope: Scope, receive: Receive, send: Send) -> None:
        await PlainTextResponse("routes", status_code=599)(scope, receive, send)

    lane = HotReads(routes)

    async def entry(scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = app
        await lane(scope, receive, send)

    transport = httpx.ASGITransport(app=entry)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url=BASE) as http,
    ):
        yield http


async def test_plain_reads_skip_the_routes(
    lane_only: httpx.AsyncClient, auth: dict[str, str], meeting_ids: list[int]
) -> None:
    meeting = await lane_only.get(f"/v2/meetings/{meeting_ids[0]}", headers=auth)
    assert meeting.status_code == 200
    assert meeting.json()["id"] == meeting_ids[0]
    listed = await lane_only.get("/v2/users/me/meetings", headers=auth)
    assert listed.status_code == 200
    assert listed.json()["total_records"] == len(meeting_ids)


async def test_everything_else_goes_to_the_routes(
    lane_only: httpx.AsyncClient, auth: dict[str, str], meeting_ids: list[int]
) -> None:
    uuid = (await lane_only.get(f"/v2/meetings/{meeting_ids[0]}", headers=auth)).json()["uuid"]
    token = _token(auth)
    requests = [
        ("GET", f"/v2/meetings/{uuid}", auth),  # not a numeric id
        ("GET", "/v2/meetings/999", auth),  # not found: the route answers Zoom's 404
        ("GET", f"/v2/meetings/{meeting_ids[0]}?access_token={token}", {}),
        ("GET", f"/v2/meetings/{meeting_ids[0]}", {"Authorization": f"Basic {token}"}),
        ("GET", f"/v2/meetings/{meeting_ids[0]}", {}),
        ("HEAD", f"/v2/meetings/{meeting_ids[0]}", auth),
        ("DELETE", f"/v2/meetings/{meeting_ids[0]}", auth),
        ("GET", f"/v2/meetings/{meeting_ids[0]}/recordings", auth),
        ("GET", "/v2/users/nobody/meetings", auth),
        ("GET", "/v2/users/me/meetings?type=nonsense", auth),
        ("GET", "/v2/users/me/x/meetings", auth),
        ("GET", "/v2/users/me", auth),
    ]
    for method, path, headers in requests:
        response = await lane_only.request(method, path, headers=headers)
        assert response.status_code == 599, (method, path)


def _routed_endpoint(app: Starlette, path: str) -> object:
    scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
    for route in app.router.routes:
        if isinstance(route, Route) and route.matches(scope)[0] is Match.FULL:
            return route.endpoint
    return None


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/v2/meetings/85746065432", meetings.meeting),
        ("/v2/users/me/meetings", meetings.meetings),
        ("/v2/users/someone@example.com/meetings", meetings.meetings),
    ],
)
def test_the_router_sends_hot_paths_to_the_same_handlers(path: str, endpoint: object) -> None:
    # If a new route ever shadowed these, the hot path would answer for the wrong one.
    assert _routed_endpoint(create_app(), path) is endpoint


async def test_hot_answers_are_logged_as_the_stack_logs_them(
    client: httpx.AsyncClient, auth: dict[str, str], meeting_ids: list[int]
) -> None:
    await client.get("/v2/users/me/meetings", params={"page_size": 2}, headers=auth)
    await client.get(f"/v2/meetings/{meeting_ids[0]}", headers=auth)
    await client.get("/v2/meetings/1", headers=auth)  # 404: answered by the route
    logged = (await client.get("/_emulator/requests", params={"method": "GET"})).json()
    missing, meeting, listed = logged["requests"][:3]
    assert (listed["path"], listed["query"], listed["status"]) == (
        "/v2/users/me/meetings",
        "page_size=2",
        200,
    )
    assert (meeting["path"], meeting["status"]) == (f"/v2/meetings/{meeting_ids[0]}", 200)
    assert (missing["path"], missing["status"]) == ("/v2/meetings/1", 404)
    for entry in (listed, meeting, missing):
        assert entry["account_id"] == "zsDemoAccount0000000001"
        assert entry["latency_ms"] >= 0 and entry["fault"] is None


async def test_faults_and_limits_still_apply(
    client: httpx.AsyncClient, auth: dict[str, str], meeting_ids: list[int]
) -> None:
    rule = {"method": "GET", "path": "/v2/users/*/meetings", "status": 503, "probability": 1.0}
    assert (await client.post("/_emulator/faults", json=rule)).status_code == 201
    faulted = await client.get("/v2/users/me/meetings", headers=auth)
    assert faulted.status_code == 503
    assert (await client.get(f"/v2/meetings/{meeting_ids[0]}", headers=auth)).status_code == 200
    assert (await client.delete("/_emulator/faults")).status_code == 204
    assert (await client.get("/v2/users/me/meetings", headers=auth)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/v2/users/me/meetings/",
        "/v2/users/me%2Fx/meetings",
        "/v2%2Fusers/me/meetings",
        "/v2/meetings/1%2F",
    ],
)
async def test_paths_that_need_clean_up_go_to_the_routes(
    lane_only: httpx.AsyncClient, auth: dict[str, str], meeting_ids: list[int], path: str
) -> None:
    response = await lane_only.get(httpx.URL(BASE + path), headers=auth)
    assert response.status_code == 599, path


async def test_paths_that_need_clean_up_answer_as_the_routes_do(
    client: httpx.AsyncClient, auth: dict[str, str], meeting_ids: list[int]
) -> None:
    slash = await client.get("/v2/users/me/meetings/", headers=auth)
    plain = await client.get("/v2/users/me/meetings", headers=auth)
    assert (slash.status_code, slash.content) == (200, plain.content)
    encoded = await client.get(httpx.URL(BASE + "/v2%2Fusers/me/meetings"), headers=auth)
    assert encoded.status_code == 404
