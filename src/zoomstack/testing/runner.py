"""An emulator on a background thread with its own event loop.

Synchronous clients (requests, a sync httpx client) block the thread they run on,
so the emulator they talk to cannot share it: it runs here on a thread of its own,
and requests reach it through `send` (blocking) or `asend` (awaitable from any
loop). With `serve=True` the same app also listens on a free loopback port, for
clients in other processes or that insist on a real socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from ..config import EmulatorSettings

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.types import ASGIApp

    from ..emulator.state import Emulator

T = TypeVar("T")

START_TIMEOUT_SECONDS = 30.0
ZOOM_WEB = "https://zoom.us"  # where the in-process emulator's links point (mock_zoom catches them)


def store_url(store: str, data_dir: Path) -> str:
    """A store choice as a URL: `memory`, `sqlite` (a file in `data_dir`) or any store URL."""
    if store == "memory":
        return "sqlite:///:memory:"
    if store == "sqlite":
        return f"sqlite:///{data_dir / 'emulator.sqlite3'}"
    if "://" not in store:
        raise ValueError(f"unknown store {store!r}: use memory, sqlite, or a store URL")
    return store


class _ExplicitSettings(EmulatorSettings):
    """Settings from arguments only: a test's emulator ignores ZOOMSTACK_EMULATOR_* in
    the environment (meant for a standalone emulator) and stays the same everywhere."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def emulator_settings(
    store: str = "memory", *, data_dir: Path, public_url: str = "", **overrides: Any
) -> EmulatorSettings:
    """Settings for an emulator inside a test run: `store` is memory, sqlite (a file in
    `data_dir`) or a store URL; `overrides` are any other `EmulatorSettings` fields."""
    return _ExplicitSettings(
        db=store_url(store, data_dir), data_dir=data_dir, public_url=public_url, **overrides
    )


def free_socket() -> socket.socket:
    """A socket bound to a free port on 127.0.0.1, not yet listening.

    Naming IPPROTO_TCP matters: asyncio turns Nagle's algorithm off only on sockets
    whose protocol says TCP, and with it on, each answer waits ~40 ms for an ACK."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass(frozen=True, slots=True)
class Answer:
    """The emulator's answer to one request: status, headers, body as sent (not decoded)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def to_httpx(self) -> httpx.Response:
        return httpx.Response(self.status, headers=self.headers, stream=httpx.ByteStream(self.body))

    def decoded(self) -> tuple[list[tuple[str, str]], bytes]:
        """Headers and body with any content-encoding undone, for clients that get
        the body as if their own HTTP stack had decoded it."""
        if not any(name.lower() == "content-encoding" for name, _ in self.headers):
            return self.headers, self.body
        response = self.to_httpx()
        response.read()
        dropped = ("content-encoding", "content-length")
        return [(k, v) for k, v in self.headers if k.lower() not in dropped], response.content


class WebhookApps(httpx.AsyncBaseTransport):
    """The webhook dispatcher's transport: hosts registered here are answered by an
    ASGI app in-process (a test's own webhook handler); others go to the network."""

    def __init__(self) -> None:
        self._apps: dict[str, httpx.ASGITransport] = {}
        self._network = httpx.AsyncHTTPTransport()

    def add(self, host: str, app: ASGIApp) -> None:
        self._apps[host.lower()] = httpx.ASGITransport(app=app)

    def clear(self) -> None:
        self._apps.clear()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        app = self._apps.get(request.url.host.lower())
        if app is None:
            return await self._network.handle_async_request(request)
        return await app.handle_async_request(request)

    async def aclose(self) -> None:
        await self._network.aclose()


class EmulatorThread:
    """A running emulator on its own thread; use it as a context manager."""

    def __init__(
        self, settings: EmulatorSettings, *, serve: bool = False, reset_store: bool = False
    ) -> None:
        self.settings = settings
        self.reset_store = reset_store
        self.webhook_apps = WebhookApps()
        self._socket = free_socket() if serve else None
        self.url: str | None = None
        if self._socket is not None:
            host, port = self._socket.getsockname()
            self.url = f"http://{host}:{port}"
            if not settings.public_url:
                self.settings = settings.model_copy(update={"public_url": self.url})
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._emulator: Emulator | None = None
        self._asgi: httpx.ASGITransport | None = None
        self._thread = threading.Thread(target=self._main, name="zoomstack-emulator", daemon=True)

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> EmulatorThread:
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT_SECONDS):
            raise RuntimeError("the emulator did not start in time")
        if self._error is not None:
            self._thread.join()
            raise RuntimeError(f"the emulator did not start: {self._error}") from self._error
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(timeout=START_TIMEOUT_SECONDS)
        if self._socket is not None:
            self._socket.close()

    def __enter__(self) -> EmulatorThread:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def emulator(self) -> Emulator:
        """The emulator's state; touch it only from the emulator's loop (see `call`)."""
        assert self._emulator is not None, "the emulator is not running"
        return self._emulator

    # -- the thread --------------------------------------------------------------

    def _main(self) -> None:
        try:
            asyncio.run(self._run())
        except BaseException as exc:  # reported to start(); the thread ends here
            self._error = exc
        finally:
            self._ready.set()

    async def _run(self) -> None:
        from ..emulator.app import create_app
        from ..emulator.state import Emulator
        from ..emulator.store import open_store

        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        store = await open_store(self.settings.database_url())
        try:
            if self.reset_store:
                await store.reset()
            emu = Emulator(settings=self.settings, store=store)
            emu.webhooks.transport = self.webhook_apps
            app = create_app(emulator=emu)
            async with app.router.lifespan_context(app), self._served(app):
                self._emulator = emu
                self._asgi = httpx.ASGITransport(app=app)
                self._ready.set()
                await self._stopping.wait()
        finally:
            await store.close()

    @contextlib.asynccontextmanager
    async def _served(self, app: Starlette) -> AsyncIterator[None]:
        """Serve `app` on the socket too (lifespan already running), if asked to."""
        if self._socket is None:
            yield
            return
        import uvicorn

        config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve(sockets=[self._socket]))
        while not server.started:
            if task.done():
                task.result()  # raises what stopped it
            await asyncio.sleep(0.01)
        try:
            yield
        finally:
            server.should_exit = True
            await task

    # -- calls into the loop -----------------------------------------------------

    def _in_loop_thread(self) -> bool:
        return threading.get_ident() == self._thread.ident

    def call(self, work: Coroutine[Any, Any, T]) -> T:
        """Run `work` on the emulator's loop and wait for its result."""
        if self._loop is None or self._in_loop_thread():
            work.close()
            raise RuntimeError(
                "a blocking call into the emulator from its own event loop would never end; "
                "use an async client there"
            )
        return asyncio.run_coroutine_threadsafe(work, self._loop).result()

    async def acall(self, work: Coroutine[Any, Any, T]) -> T:
        """Await `work` on the emulator's loop, from any loop."""
        assert self._loop is not None, "the emulator is not running"
        if asyncio.get_running_loop() is self._loop:
            return await work
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self._loop))

    async def _handle(self, request: httpx.Request) -> Answer:
        assert self._asgi is not None, "the emulator is not running"
        response = await self._asgi.handle_async_request(request)
        body = b"".join([chunk async for chunk in response.aiter_raw()])
        return Answer(response.status_code, response.headers.multi_items(), body)

    def send(self, request: httpx.Request) -> Answer:
        """Answer one request (its body already read) and wait for the answer."""
        return self.call(self._handle(request))

    async def asend(self, request: httpx.Request) -> Answer:
        return await self.acall(self._handle(request))
