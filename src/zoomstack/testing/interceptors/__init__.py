"""One interceptor per HTTP client library, each on that library's maintained mocking tool:
`responses` for requests, `respx` for httpx, `aioresponses` for aiohttp."""

from __future__ import annotations

from typing import Protocol

from ..hosts import HostPolicy
from ..runner import EmulatorThread


class Interceptor(Protocol):
    def __init__(self, thread: EmulatorThread, policy: HostPolicy) -> None: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...
