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
from dataclasses import dataclass
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


Bucket = tuple[str, int, str]  # (method, segment count, first segment) of a /v2 path
_FOUND: dict[tuple[str, str], spec.Operation | None] = {}
_FOUND_MOST = 20_000


def find(method: str, path: str) -> spec.Operation | None:
    """`spec.find_operation`, remembered: clients repeat paths (`/v2/users/me`), and
    the phone spec's 391 templates make a lookup cost tens of microseconds."""
    key = (method, path)
    if key in _FOUND:
        return _FOUND[key]
    if len(_FOUND) >= _FOUND_MOST:  # ids make paths unbounded; start again
        _FOUND.clear()
    # A `?` in a request's path was sent as `%3F`: part of an id, not a query string.
    found = _FOUND[key] = spec.find_operation(method, path.replace("?", "%3F"))
    return found


def _bucket(method: str, path: str) -> Bucket:
    parts = [part for part in path.split("/") if part]
    return method, len(parts), parts[0] if parts else ""


@dataclass(frozen=True, slots=True)
class Ownership:
    """What the hand-written routes of one router implement, and where that leaves
    operations to the spec-driven route: a request whose bucket holds only hand-written
    operations is passed on without looking its operation up (the hot reads)."""

    owned: frozenset[str]
    open_buckets: frozenset[Bucket]  # holding an operation no hand-written route implements
    closed_buckets: frozenset[Bucket]  # holding hand-written operations only

    @classmethod
    def of(cls, routes: Iterable[BaseRoute]) -> Ownership:
        owned = owned_operations(routes)
        buckets: dict[Bucket, bool] = {}
        for op in spec.operations():
            bucket = _bucket(op.method, op.path)
            buckets[bucket] = buckets.get(bucket, False) or f"{op.method} {op.path}" not in owned
        return cls(
            owned,
            frozenset(b for b, is_open in buckets.items() if is_open),
            frozenset(b for b, is_open in buckets.items() if not is_open),
        )


class SpecRoute(BaseRoute):
    """Answers the operations of Zoom's specs that no hand-written route implements."""

    def __init__(self) -> None:
        self._ownership = Ownership(frozenset(), frozenset(), frozenset())
        self._router: object = None
        self._size = -1
        self.app = request_response(self._endpoint)

    def ownership(self, scope: Scope) -> Ownership:
        router = scope.get("router")
        routes = getattr(router, "routes", ())
        if router is not self._router or len(routes) != self._size:  # once per router
            self._ownership = Ownership.of(routes)
            self._router, self._size = router, len(routes)
        return self._ownership

    def owned(self, scope: Scope) -> frozenset[str]:
        return self.ownership(scope).owned

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path: str = scope["path"]
        if scope["type"] != "http" or not path.startswith(_PREFIX):
            return Match.NONE, {}
        ownership = self.ownership(scope)
        bucket = _bucket(scope["method"], path[3:])
        if bucket in ownership.closed_buckets:  # the hot reads: hand-written, no lookup
            return Match.NONE, {}
        if bucket not in ownership.open_buckets:
            return self._other_methods(scope, ownership)
        op = find(scope["method"], path)
        if op is None:
            return self._other_methods(scope, ownership)
        if f"{op.method} {op.path}" in ownership.owned:
            return Match.NONE, {}
        return Match.FULL, {OPERATION_KEY: op, OWNED_KEY: ownership.owned}

    def _other_methods(self, scope: Scope, ownership: Ownership) -> tuple[Match, Scope]:
        """PARTIAL (a 405) when Zoom documents this path for other methods only, none of
        them hand-written; a hand-written route that matches in full still wins."""
        path = scope["path"]
        if scope["method"] in ("HEAD", "OPTIONS"):
            return Match.NONE, {}
        others = [find(method, path) for method in _METHODS]
        if not any(op and f"{op.method} {op.path}" not in ownership.owned for op in others):
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
