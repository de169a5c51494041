"""`zoomstack coverage`: which of Zoom's operations the emulator answers, and how.

For every operation of the shipped specs, per family (spec file) and tag: answered by
a hand-written module (real behaviour: users, meetings, chat messages, free/busy ...),
answered by the spec-driven mechanism (stateful CRUD from the spec), or not answered.
The figures come from the app itself: an operation is hand-written when one of the
app's routes implements it, generic when the spec-driven route takes a request for
it, and not answered otherwise.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, TextIO

import orjson
from starlette.applications import Starlette
from starlette.routing import BaseRoute, Match, Route

from . import spec
from .app import create_app
from .generic import SpecRoute, owned_operations
from .generic.model import is_param, plan_of, segments
from .generic.route import OPERATION_KEY

HAND_WRITTEN, GENERIC, NONE = "hand-written", "generic", "not answered"


@dataclass(frozen=True, slots=True)
class Answer:
    """How one operation is answered; `by` names the module or the generic role."""

    family: str
    tag: str
    method: str
    path: str
    operation_id: str
    how: str
    by: str


@dataclass(frozen=True, slots=True)
class Row:
    family: str
    tag: str
    operations: int
    hand_written: int
    generic: int
    not_answered: int


def _modules(routes: Iterable[BaseRoute]) -> dict[str, str]:
    """ "METHOD /template" -> the module of the hand-written route implementing it."""
    found: dict[str, str] = {}
    for route in routes:
        if isinstance(route, Route) and route.path.startswith("/v2/"):
            for method in route.methods or ():
                op = spec.find_operation(method, route.path)
                if op is not None:
                    module = getattr(route.endpoint, "__module__", "")
                    found.setdefault(f"{op.method} {op.path}", module.rsplit(".", 1)[-1])
    return found


def _sample_path(op: spec.Operation) -> str:
    return "/v2/" + "/".join("x1" if is_param(s) else s for s in segments(op.path))


def _generic_takes(app: Starlette, route: SpecRoute, op: spec.Operation) -> bool:
    scope: dict[str, Any] = {
        "type": "http",
        "method": op.method,
        "path": _sample_path(op),
        "router": app.router,
    }
    match, child = route.matches(scope)
    return match is Match.FULL and child.get(OPERATION_KEY) == op


def answers(app: Starlette) -> list[Answer]:
    """How the app answers each operation of the shipped specs."""
    routes = list(app.routes)
    owned = owned_operations(routes)
    modules = _modules(routes)
    generic = next((r for r in routes if isinstance(r, SpecRoute)), None)
    found = []
    for op in spec.operations():
        key = f"{op.method} {op.path}"
        if key in owned:
            how, by = HAND_WRITTEN, modules.get(key, "")
        elif generic is not None and _generic_takes(app, generic, op):
            how, by = GENERIC, plan_of(op).role.value
        else:
            how, by = NONE, ""
        tag = op.tags[0] if op.tags else ""
        found.append(Answer(op.family, tag, op.method, op.path, op.operation_id, how, by))
    return found


def rows(found: Iterable[Answer]) -> list[Row]:
    counts: dict[tuple[str, str], Counter[str]] = {}
    for answer in found:
        counts.setdefault((answer.family, answer.tag), Counter())[answer.how] += 1
    return [
        Row(family, tag, c.total(), c[HAND_WRITTEN], c[GENERIC], c[NONE])
        for (family, tag), c in sorted(counts.items())
    ]


def totals(table: Iterable[Row], name: str = "total") -> Row:
    table = list(table)
    return Row(
        name,
        "",
        sum(r.operations for r in table),
        sum(r.hand_written for r in table),
        sum(r.generic for r in table),
        sum(r.not_answered for r in table),
    )


def by_family(table: list[Row]) -> list[Row]:
    families = sorted({r.family for r in table})
    return [totals((r for r in table if r.family == f), f) for f in families]


def render(table: list[Row]) -> str:
    header = ("family", "tag", "operations", "hand-written", "generic", "not answered")
    lines = [_line(header)]
    for family in by_family(table):
        lines.append(_line(_cells(family)))
        lines += [_line(_cells(r)) for r in table if r.family == family.family]
    lines.append(_line(_cells(totals(table))))
    return "\n".join(lines)


def _cells(row: Row) -> tuple[str, ...]:
    family = row.family if not row.tag else ""
    numbers = (row.operations, row.hand_written, row.generic, row.not_answered)
    return (family, row.tag, *(str(n) for n in numbers))


def _line(cells: tuple[str, ...]) -> str:
    family, tag, *numbers = cells
    return f"{family:<18} {tag[:36]:<36} " + " ".join(f"{n:>12}" for n in numbers)


def report(found: list[Answer], *, details: bool) -> dict[str, Any]:
    table = rows(found)
    body: dict[str, Any] = {
        "totals": _figures(totals(table)),
        "families": [_figures(r) for r in by_family(table)],
        "tags": [asdict(r) for r in table],
    }
    if details:
        body["operations"] = [asdict(a) for a in found]
    return body


def _figures(row: Row) -> dict[str, Any]:
    figures = asdict(row)
    figures.pop("tag")
    return figures


def run(*, json_out: bool, details: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: test runners swap it
    found = answers(create_app())
    if json_out:
        out.write(orjson.dumps(report(found, details=details)).decode() + "\n")
        return 0
    out.write(render(rows(found)) + "\n")
    if details:
        for a in found:
            out.write(f"{a.how:<13} {a.by:<16} {a.method:<6} {a.path}  ({a.operation_id})\n")
    return 0
