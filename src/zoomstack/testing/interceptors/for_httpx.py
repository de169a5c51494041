"""httpx (sync and async clients, and everything built on it) through `respx`.

respx patches httpcore, under every httpx client that uses the default transport.
Zoom's URLs are answered before respx looks at any route: sync clients wait on the
emulator's thread, async clients await it, so their own loop keeps running. A
router of your own started before this one still sees the requests first.
"""

from __future__ import annotations

import httpx
import respx

from ..hosts import HostPolicy
from ..runner import EmulatorThread


class _ZoomRouter(respx.MockRouter):
    def __init__(self, thread: EmulatorThread, policy: HostPolicy) -> None:
        super().__init__(assert_all_called=False, assert_all_mocked=False)
        self.thread = thread
        self.policy = policy
        self.route().pass_through()  # what is neither Zoom's nor refused

    def _check(self, request: httpx.Request) -> bool:
        """Whether the emulator answers `request`; raises if the network is blocked."""
        url = str(request.url)
        if self.policy.is_zoom(url):
            return True
        if self.policy.refused(url):
            raise httpx.ConnectError(self.policy.refusal(request.method, url), request=request)
        return False

    def handler(self, request: httpx.Request) -> httpx.Response:
        if self._check(request):
            return self.thread.send(request).to_httpx()
        response: httpx.Response = super().handler(request)
        return response

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        if self._check(request):
            return (await self.thread.asend(request)).to_httpx()
        response: httpx.Response = await super().async_handler(request)
        return response


class HttpxInterceptor:
    def __init__(self, thread: EmulatorThread, policy: HostPolicy) -> None:
        self.router = _ZoomRouter(thread, policy)

    def start(self) -> None:
        self.router.start()

    def stop(self) -> None:
        self.router.stop(quiet=True)
