"""`mock_zoom()`: code that calls Zoom's real URLs talks to an in-process emulator.

    @mock_zoom
    def test_sync(): ...                      # a fresh emulator per call

    with mock_zoom(block_network=True) as zoom:
        run_unmodified_code()                 # requests, httpx or aiohttp
        assert zoom.emulator.request_log()

Requests to `https://api.zoom.us/v2/...`, `https://zoom.us/oauth/...` and any
`*.zoom.us` URL (recording downloads) are answered by the emulator; the rest go to
the network untouched, or fail as refused connections with `block_network=True`
(hosts in `allow` still go through). Each client library is intercepted through
its own maintained mocking tool (responses, respx, aioresponses).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import tempfile
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, overload

from .handle import ZoomEmulator
from .hosts import HostPolicy
from .interceptors import Interceptor
from .runner import ZOOM_WEB, EmulatorThread, emulator_settings

F = TypeVar("F", bound=Callable[..., Any])

# client library -> (its mocking library, the module and class that intercept it)
INTERCEPTORS = {
    "requests": ("responses", "for_requests", "RequestsInterceptor"),
    "httpx": ("respx", "for_httpx", "HttpxInterceptor"),
    "aiohttp": ("aioresponses", "for_aiohttp", "AiohttpInterceptor"),
}


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _interceptor_class(client: str) -> type[Interceptor]:
    tool, module, name = INTERCEPTORS[client]
    if not _installed(tool):
        raise ImportError(
            f"mock_zoom needs {tool} to intercept {client}: pip install 'zoomstack[testing]'"
        )
    found: type[Interceptor] = getattr(
        importlib.import_module(f"zoomstack.testing.interceptors.{module}"), name
    )
    return found


class MockZoom:
    """An active (or ready) interception of Zoom's URLs; see `mock_zoom`."""

    def __init__(
        self,
        *,
        block_network: bool = False,
        allow: Iterable[str] = (),
        emulator: ZoomEmulator | None = None,
        clients: Iterable[str] | None = None,
        store: str = "memory",
        **settings: Any,
    ) -> None:
        unknown = set(clients or ()) - set(INTERCEPTORS)
        if unknown:
            raise ValueError(f"unknown clients {sorted(unknown)}: use {sorted(INTERCEPTORS)}")
        self._options = {
            "block_network": block_network, "allow": tuple(allow), "emulator": emulator,
            "clients": clients, "store": store, **settings,
        }  # fmt: skip
        self._given = emulator
        self._clients = list(clients) if clients is not None else list(INTERCEPTORS)
        self._store, self._settings = store, settings
        self._allow, self._block = tuple(allow), block_network
        self._handle: ZoomEmulator | None = None
        self._owned: EmulatorThread | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._active: list[Interceptor] = []

    @property
    def emulator(self) -> ZoomEmulator:
        """The handle on the emulator that answers (while active)."""
        if self._handle is None:
            raise RuntimeError("mock_zoom is not active")
        return self._handle

    # -- start and stop -------------------------------------------------------------

    def start(self) -> MockZoom:
        handle = self._given or self._start_emulator()
        thread = handle.require_thread("mock_zoom")
        allow = self._allow + ((thread.url,) if thread.url else ())
        policy = HostPolicy.of(block_network=self._block, allow=allow)
        self._handle = handle
        try:
            for client in self._clients:
                if _installed(client):
                    interceptor = _interceptor_class(client)(thread, policy)
                    interceptor.start()
                    self._active.append(interceptor)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_emulator(self) -> ZoomEmulator:
        self._tmp = tempfile.TemporaryDirectory(prefix="zoomstack-")
        settings = emulator_settings(
            self._store, data_dir=Path(self._tmp.name), public_url=ZOOM_WEB, **self._settings
        )
        self._owned = EmulatorThread(settings, reset_store=True).start()
        return ZoomEmulator.of_thread(self._owned, in_process=True)

    def stop(self) -> None:
        while self._active:
            self._active.pop().stop()
        if self._owned is not None and self._handle is not None:
            self._handle.close()
            self._owned.stop()
        self._owned = self._handle = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> MockZoom:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> MockZoom:
        return self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        self.stop()

    # -- as a decorator -------------------------------------------------------------

    def __call__(self, func: F) -> F:
        """Wrap `func` (sync or async): each call runs under a fresh interception."""
        if inspect.iscoroutinefunction(func):
            return self._wrap_async(func)  # type: ignore[return-value]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with MockZoom(**self._options):
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def _wrap_async(self, func: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            async with MockZoom(**self._options):
                return await func(*args, **kwargs)

        return wrapper


@overload
def mock_zoom(func: F, /) -> F: ...


@overload
def mock_zoom(
    *,
    block_network: bool = False,
    allow: Iterable[str] = (),
    emulator: ZoomEmulator | None = None,
    clients: Iterable[str] | None = None,
    store: str = "memory",
    **settings: Any,
) -> MockZoom: ...


def mock_zoom(func: Callable[..., Any] | None = None, /, **options: Any) -> Any:
    """Answer Zoom's URLs from an in-process emulator: a decorator (bare or called) and
    a context manager (sync or async) whose value is the `MockZoom`, with `.emulator`.

    `block_network` refuses other hosts except those in `allow`; `emulator` reuses a
    handle's emulator (the `zoom_mock` fixture does) instead of a fresh one; `clients`
    limits interception to some of requests, httpx, aiohttp; `store` and `settings`
    configure a fresh emulator (`EmulatorSettings` fields: auth_mode, seed ...).
    """
    if func is not None:
        return MockZoom()(func)
    return MockZoom(**options)
