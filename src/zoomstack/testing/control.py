"""The HTTP side of the handle: one sync httpx client, Zoom's errors raised as exceptions.

Every helper of `ZoomEmulator` is a call over HTTP (to `/_emulator/*`, `/oauth` or
`/v2`), so a handle works the same on an in-process emulator (through an
`EmulatorTransport`) and on a server anywhere (through the network).
"""

from __future__ import annotations

from typing import Any

import httpx

from .runner import EmulatorThread

DEFAULT_TIMEOUT = 30.0


class ControlPlane:
    """Where an emulator is, how to reach it, and the calls every helper makes."""

    def __init__(
        self,
        base_url: str,
        *,
        api_url: str | None = None,
        oauth_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        thread: EmulatorThread | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_url = (api_url or f"{self.base_url}/v2").rstrip("/")
        self.oauth_url = oauth_url or f"{self.base_url}/oauth/token"
        self.thread = thread
        self.http = httpx.Client(base_url=self.base_url, transport=transport, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def _request(self, method: str, url: str, **options: Any) -> Any:
        """Send; the parsed JSON answer (None when empty), or the Zoom error it carried."""
        from ..zoom.errors import error_from_response

        response = self.http.request(method, url, **options)
        if response.status_code >= 400:
            raise error_from_response(response)
        return response.json() if response.content else None

    def _control(self, method: str, path: str, **options: Any) -> Any:
        return self._request(method, f"/_emulator/{path.lstrip('/')}", **options)

    def require_thread(self, what: str) -> EmulatorThread:
        if self.thread is None:
            raise RuntimeError(f"{what} needs an emulator started by zoomstack.testing")
        return self.thread
