"""The event loop the long-running commands run on: uvloop, as under uvicorn.

The servers run on uvloop (uvicorn picks it when installed); `zoomstack up`, `sync`
and `watch` run on it too, so a sync moves bytes at the same cost in the command as
in the hub: asyncio's own loop spends about a tenth more CPU per gigabyte
(bench/sync.py), most of it pausing and resuming the socket's reader.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def runner() -> asyncio.Runner:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        return asyncio.Runner()
    return asyncio.Runner(loop_factory=uvloop.new_event_loop)


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(main)`, on uvloop."""
    with runner() as loop_runner:
        return loop_runner.run(main)
