"""Starlette's router with an index: routes are tried only where their path can match.

Starlette tries every route's regex in order, so each request pays for every route
registered before its own; with one route per Zoom operation that scan becomes the
largest cost of a request. Two facts narrow it down without changing the outcome:

- a route whose path starts with two literal segments (`/v2/meetings/{meetingId}`)
  only matches paths that start with the same two;
- a route whose parameters cannot hold a `/` (`str`, `int`, `float`, `uuid`) only
  matches paths with as many segments as its own; one with a `:path` (or unknown)
  parameter needs at least as many.

So a request tries only the routes its first two segments and its segment count
allow, plus the routes that cannot be indexed (mounts, a parameter in the first two
segments), all in their original order: the same route wins as with the plain router,
and a path that matches a route with another method still gets that route's 405.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from starlette._utils import get_route_path  # the path routes match against
from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import Receive, Scope, Send

# Starlette's convertors whose pattern never matches a slash.
_SLASHLESS = {"str", "int", "float", "uuid"}
_PARAM = re.compile(r"{[^}:]+(?::([^}]+))?}")


def path_key(path: str) -> str:
    """The first two segments of a path: `/v2/meetings/123/x` -> `/v2/meetings`."""
    return "/".join(path.split("/", 3)[:3])


@dataclass(frozen=True, slots=True)
class RouteShape:
    """What a route's path says about the paths it can match; key None: any."""

    key: str | None
    segments: int
    exact: bool  # exactly `segments` segments, else at least that many

    @classmethod
    def of(cls, route: BaseRoute) -> RouteShape:
        if not isinstance(route, Route):
            return cls(None, 0, exact=False)
        key = path_key(route.path)
        convertors = {kind or "str" for kind in _PARAM.findall(route.path)}
        return cls(
            key=None if "{" in key else key,
            segments=route.path.count("/"),
            exact=convertors <= _SLASHLESS,
        )

    def fits(self, key: str, segments: int) -> bool:
        if self.key is not None and self.key != key:
            return False
        return segments == self.segments if self.exact else segments >= self.segments


class RouteIndex:
    """The candidate routes for each (first two segments, segment count), in route order."""

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        self.size = len(routes)
        shapes = [RouteShape.of(route) for route in routes]
        # Any count above the longest route's behaves like one above it.
        self.cap = max((shape.segments for shape in shapes), default=0) + 1
        keys = dict.fromkeys(shape.key for shape in shapes if shape.key is not None)
        self.table = {
            (key, n): [r for r, shape in zip(routes, shapes, strict=True) if shape.fits(key, n)]
            for key in [*keys, ""]
            for n in range(self.cap + 1)
        }

    def candidates(self, path: str) -> list[BaseRoute]:
        key = path_key(path)
        segments = min(path.count("/"), self.cap)
        found = self.table.get((key, segments))
        return found if found is not None else self.table[("", segments)]


class IndexedRouter(Router):
    """A `Router` whose HTTP dispatch tries only the routes `RouteIndex` picks."""

    def __init__(self, routes: Sequence[BaseRoute], **kwargs: Any) -> None:
        super().__init__(routes, **kwargs)
        self._index = RouteIndex(self.routes)

    def _candidates(self, scope: Scope) -> list[BaseRoute]:
        if self._index.size != len(self.routes):  # a route was added after start-up
            self._index = RouteIndex(self.routes)
        return self._index.candidates(get_route_path(scope))

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().app(scope, receive, send)
            return
        scope.setdefault("router", self)
        partial: BaseRoute | None = None
        partial_scope: Scope = {}
        for route in self._candidates(scope):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial, partial_scope = route, child_scope
        if partial is not None:  # the path matched, the method did not: its 405
            scope["route"] = partial
            scope.update(partial_scope)
            await partial.handle(scope, receive, send)
            return
        if self.redirect_slashes:  # Starlette's own slash redirect (a second, full scan)
            await super().app(scope, receive, send)
            return
        await self.default(scope, receive, send)
