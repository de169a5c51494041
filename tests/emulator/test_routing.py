"""The indexed router picks the same route (or 404/405) as Starlette's plain router."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router

from zoomstack.emulator.routing import IndexedRouter, RouteIndex


def _route(path: str, name: str, methods: list[str] | None = None) -> Route:
    async def endpoint(request: Request) -> Response:
        params = ",".join(f"{k}={v}" for k, v in sorted(request.path_params.items()))
        return PlainTextResponse(f"{name} {params}")

    return Route(path, endpoint, methods=methods, name=name)


def _routes() -> list[BaseRoute]:
    inner = Starlette(routes=[_route("/{rest:path}", "mounted")])
    return [
        _route("/oauth/token", "token", methods=["POST"]),
        _route("/v2/users", "users"),
        _route("/v2/users/{user_id}", "user"),
        _route("/v2/users/{user_id}", "user_patch", methods=["PATCH"]),
        _route("/v2/users/{user_id}/meetings", "user_meetings"),
        _route("/v2/meetings/{meeting_id:path}/recordings", "recordings"),
        _route("/v2/meetings/summaries", "summaries"),
        _route("/v2/meetings/{meeting_id:path}", "meeting"),
        _route("/v2/meetings/{meeting_id:path}", "meeting_delete", methods=["DELETE"]),
        _route("/v2/items/{n:int}", "item"),
        _route("/v2/{family}/{item}/x", "any_family"),
        _route("/", "root"),
        Mount("/static", app=inner),
    ]


REQUESTS = [
    ("POST", "/oauth/token"),
    ("GET", "/oauth/token"),
    ("GET", "/v2/users"),
    ("DELETE", "/v2/users"),
    ("GET", "/v2/users/me"),
    ("PATCH", "/v2/users/me"),
    ("PUT", "/v2/users/me"),
    ("GET", "/v2/users/me/meetings"),
    ("GET", "/v2/users/me/meetings/extra"),
    ("GET", "/v2/meetings/123"),
    ("DELETE", "/v2/meetings/123"),
    ("GET", "/v2/meetings/a/b//c"),
    ("GET", "/v2/meetings/abc/recordings"),
    ("GET", "/v2/meetings/a/b/recordings"),
    ("GET", "/v2/meetings/summaries"),
    ("GET", "/v2/meetings/"),
    ("GET", "/v2/meetings"),
    ("GET", "/v2/items/42"),
    ("GET", "/v2/items/abc"),
    ("GET", "/v2/items/42/x"),
    ("GET", "/v2/users/u1/x"),
    ("GET", "/"),
    ("GET", "/static/a/b.css"),
    ("GET", "/nothing/at/all/here/really/deep/path/x/y/z"),
]


async def _answers(router: Router) -> list[tuple[int, str]]:
    app = Starlette()
    app.router = router
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        answers = []
        for method, path in REQUESTS:
            response = await client.request(method, path)
            answers.append((response.status_code, response.text))
        return answers


async def test_same_answers_as_starlettes_router() -> None:
    plain = await _answers(Router(_routes(), redirect_slashes=False))
    indexed = await _answers(IndexedRouter(_routes(), redirect_slashes=False))
    assert indexed == plain
    statuses = {status for status, _ in plain}
    assert statuses == {200, 404, 405}  # the cases cover hits, misses and wrong methods


async def test_slash_redirects_when_asked_for() -> None:
    routes = [_route("/v2/users/", "users")]
    plain = await _answers(Router(routes))
    indexed = await _answers(IndexedRouter(routes))
    assert indexed == plain


async def test_routes_added_later_are_seen() -> None:
    router = IndexedRouter(_routes(), redirect_slashes=False)
    router.routes.append(_route("/v2/late/{x}", "late"))
    app = Starlette()
    app.router = router
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/v2/late/1")
    assert response.text == "late x=1"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/v2/users/me/meetings", ["user_meetings", "any_family", None]),
        ("/v2/meetings/123", ["summaries", "meeting", "meeting_delete", None]),
        ("/unknown", [None]),
    ],
)
def test_candidates_are_narrowed(path: str, expected: list[str | None]) -> None:
    index = RouteIndex(_routes())
    names = [route.name if isinstance(route, Route) else None for route in index.candidates(path)]
    assert names == expected


async def test_emulator_answers_unknown_collection_paths_without_redirect(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    # Starlette's slash redirect sent /v2/meetings to /v2/meetings/, which the path
    # clean-up turned back into /v2/meetings: a redirect loop.
    for path in ("/v2/meetings", "/v2/meetings/"):
        response = await client.get(path, headers=auth)
        assert response.status_code == 404
        assert response.json()["message"] == "This API endpoint is not recognized."
