"""One route that takes every /v2 request whose Zoom operation no hand-written route
implements, placed first so that catch-all routes (`/v2/meetings/{meeting_id:path}`)
cannot swallow operations they do not implement.

Hand-written routes win: an operation is theirs when one of their path templates is
an instance of it (`spec.find_operation(method, route.path)`), worked out once from
the router the request came through. A request for anything else Zoom documents is
answered here; one for no documented operation passes on, to the hand-written routes
and the app's 404. A path Zoom documents for other methods only gets Zoom's 405.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.datastructures import URLPath
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, NoMatchFound, Route, request_response
from starlette.types import Receive, Scope, Send

from .. import spec
from ..errors import MethodNotAllowed
from .handlers import OWNED_KEY, answer

OPERATION_KEY = "zoomstack.operation"
_PREFIX = "/v2/"
_METHODS = tuple(m.upper() for m in spec.METHODS)


def owned_operations(routes: Iterable[BaseRoute]) -> frozenset[str]:
    """The (method, path) of every Zoom operation a hand-written route implements."""
    owned = set()
    for route in routes:
        if not isinstance(route, Route) or not route.path.startswith(_PREFIX):
            continue
        for method in route.methods or ():
            op = spec.find_operation(method, route.path)
            if op is not None:
                owned.add(f"{op.method} {op.path}")
    return frozenset(owned)


class SpecRoute(BaseRoute):
    """Answers the operations of Zoom's specs that no hand-written route implements."""

    def __init__(self) -> None:
        self._owned: frozenset[str] = frozenset()
        self._owned_from: tuple[int, int] = (0, -1)
        self.app = request_response(self._endpoint)

    def owned(self, scope: Scope) -> frozenset[str]:
        router = scope.get("router")
        routes = getattr(router, "routes", ())
        key = (id(router), len(routes))
        if key != self._owned_from:  # once per router (and again if routes are added)
            self._owned = owned_operations(routes)
            self._owned_from = key
        return self._owned

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or not scope["path"].startswith(_PREFIX):
            return Match.NONE, {}
        op = spec.find_operation(scope["method"], scope["path"])
        if op is None:
            return self._other_methods(scope)
        owned = self.owned(scope)
        if f"{op.method} {op.path}" in owned:
            return Match.NONE, {}
        return Match.FULL, {OPERATION_KEY: op, OWNED_KEY: owned}

    def _other_methods(self, scope: Scope) -> tuple[Match, Scope]:
        """PARTIAL (a 405) when Zoom documents this path for other methods only; a
        hand-written route that matches in full still wins."""
        path = scope["path"]
        if scope["method"] in ("HEAD", "OPTIONS") or not any(
            spec.find_operation(method, path) for method in _METHODS
        ):
            return Match.NONE, {}
        return Match.PARTIAL, {OPERATION_KEY: None}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    async def _endpoint(self, request: Request) -> Response:
        op = request.scope.get(OPERATION_KEY)
        if op is None:
            raise MethodNotAllowed(f"Method {request.method} is not allowed here.")
        return await answer(request, op)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NoMatchFound(name, path_params)
