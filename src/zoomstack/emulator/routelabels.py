"""Zoom's rate-limit label (Light, Medium, Heavy, Resource-intensive) of a request's operation.

The labels come from Zoom's OpenAPI files (`data/rate_limits.tsv`, one row per REST
operation). Paths are matched segment by segment against the templates, a literal
segment before a `{parameter}`, so `/users/me/zak` is not `/users/{userId}/...`.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

API_PREFIX = "/v2"
CATEGORIES = ("light", "medium", "heavy", "resource-intensive")


class _Node:
    __slots__ = ("labels", "literal", "param")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.labels: dict[str, str] = {}  # method -> category

    def child(self, segment: str) -> _Node:
        if segment.startswith("{"):
            self.param = self.param or _Node()
            return self.param
        return self.literal.setdefault(segment, _Node())


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


class RouteLabels:
    """Method and path (with or without `/v2`) to the operation's category, or None."""

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self._root = _Node()
        for method, template, label in rows:
            node = self._root
            for segment in _segments(template):
                node = node.child(segment)
            node.labels[method.upper()] = label.lower()

    def category(self, method: str, path: str) -> str | None:
        if path.startswith(API_PREFIX + "/"):
            path = path[len(API_PREFIX) :]
        return _find(self._root, _segments(path), 0, method.upper())


def _find(node: _Node, segments: list[str], i: int, method: str) -> str | None:
    if i == len(segments):
        return node.labels.get(method)
    literal = node.literal.get(segments[i])
    if literal is not None:
        found = _find(literal, segments, i + 1, method)
        if found is not None:
            return found
    if node.param is not None:
        return _find(node.param, segments, i + 1, method)
    return None


def _rows(text: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            method, path, label = line.split("\t")
            rows.append((method, path, label))
    return rows


@cache
def zoom_labels() -> RouteLabels:
    """The labels of every operation in Zoom's REST specs (loaded once)."""
    text = files("zoomstack.emulator").joinpath("data/rate_limits.tsv").read_text("utf-8")
    return RouteLabels(_rows(text))
