"""The request log: the last N requests the emulator answered, read at /_emulator/requests.

It lives in memory, per worker: appending to a bounded deque costs far less than
the store write per request it would otherwise take. Control-plane calls
(`/_emulator/*`) are not logged.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from typing import Any, NamedTuple

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .control_http import emulator_of
from .errors import BadRequest
from .http import json_response, no_content

DEFAULT_LIMIT = 100


class LoggedRequest(NamedTuple):
    """One request, as cheap to record as a tuple; shaped for reading by `as_body`."""

    started: float  # time.perf_counter()
    ended: float
    method: str
    path: str
    query: bytes
    status: int | None  # None when the connection was dropped
    account_id: str | None
    fault: str | None = None  # "error", "drop" or "latency" when one was injected

    def as_body(self, clock_offset: float) -> dict[str, Any]:
        moment = datetime.fromtimestamp(self.started + clock_offset, UTC)
        return {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "method": self.method,
            "path": self.path,
            "query": self.query.decode("latin-1"),
            "status": self.status,
            "latency_ms": round((self.ended - self.started) * 1000, 3),
            "account_id": self.account_id,
            "fault": self.fault,
        }


@dataclass(frozen=True, slots=True)
class RequestFilter:
    method: str | None = None
    path: str | None = None  # glob
    status: int | None = None
    account_id: str | None = None

    def keeps(self, entry: LoggedRequest) -> bool:
        return (
            (self.method is None or entry.method == self.method)
            and (self.path is None or fnmatchcase(entry.path, self.path))
            and (self.status is None or entry.status == self.status)
            and (self.account_id is None or entry.account_id == self.account_id)
        )


class RequestLog:
    """The last `size` requests; `enabled` is read once per request."""

    def __init__(self, size: int) -> None:
        self.enabled = size > 0
        self._entries: deque[LoggedRequest] = deque(maxlen=max(size, 1))
        # Entries keep perf_counter() times; this turns them into wall-clock times.
        self.clock_offset = time.time() - time.perf_counter()

    def record(self, entry: LoggedRequest) -> None:
        self._entries.append(entry)

    def clear(self) -> None:
        self._entries.clear()

    def newest(self, limit: int, where: RequestFilter) -> list[LoggedRequest]:
        found: list[LoggedRequest] = []
        for entry in reversed(self._entries):
            if where.keeps(entry):
                found.append(entry)
                if len(found) == limit:
                    break
        return found


# -- control plane -------------------------------------------------------------


def _int(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"Invalid parameter: {name}.") from None


async def requests_get(request: Request) -> Response:
    """Newest first; filters: method, path (glob), status, account_id; limit (default 100)."""
    log = emulator_of(request).traffic.requests
    params = request.query_params
    where = RequestFilter(
        method=(params.get("method") or "").upper() or None,
        path=params.get("path") or None,
        status=_int(request, "status"),
        account_id=params.get("account_id") or None,
    )
    limit = max(1, _int(request, "limit") or DEFAULT_LIMIT)
    found = log.newest(limit, where)
    body = {
        "enabled": log.enabled,
        "total_records": len(found),
        "requests": [entry.as_body(log.clock_offset) for entry in found],
    }
    return json_response(body)


async def requests_delete(request: Request) -> Response:
    emulator_of(request).traffic.requests.clear()
    return no_content()


routes = [
    Route("/_emulator/requests", requests_get, methods=["GET"]),
    Route("/_emulator/requests", requests_delete, methods=["DELETE"]),
]
