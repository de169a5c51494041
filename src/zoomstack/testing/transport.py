"""httpx transports that answer from an in-process emulator: no sockets, no port.

    client = httpx.Client(transport=EmulatorTransport(thread))            # sync code
    client = httpx.AsyncClient(transport=AsyncEmulatorTransport(thread))  # async code

The emulator runs on its own thread (`runner.EmulatorThread`), so one emulator can
serve sync and async clients at once, from any event loop, with shared state.
"""

from __future__ import annotations

import httpx

from .runner import EmulatorThread


class EmulatorTransport(httpx.BaseTransport):
    """A sync transport: each request blocks until the emulator has answered it."""

    def __init__(self, thread: EmulatorThread) -> None:
        self.thread = thread

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self.thread.send(request).to_httpx()


class AsyncEmulatorTransport(httpx.AsyncBaseTransport):
    """An async transport: requests are awaited on the emulator's loop."""

    def __init__(self, thread: EmulatorThread) -> None:
        self.thread = thread

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return (await self.thread.asend(request)).to_httpx()
