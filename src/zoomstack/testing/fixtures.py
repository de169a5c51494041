"""What the pytest fixtures do, kept out of plugin.py so that loading the plugin costs
nothing in test suites that never ask for an emulator."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import pytest

from .handle import ZoomEmulator
from .runner import ZOOM_WEB, EmulatorThread, emulator_settings

Scope = Literal["test", "session"]
MARKER = "zoom_emulator"


@dataclass(frozen=True)
class Wanted:
    """The emulator a test asked for: its marker's arguments over the command line's
    options over the ini file's."""

    store: str = "memory"
    scope: Scope = "test"
    block_network: bool = False
    allow: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, request: pytest.FixtureRequest) -> Wanted:
        config = request.config
        marker = request.node.get_closest_marker(MARKER)
        options: dict[str, Any] = dict(marker.kwargs) if marker else {}
        store = (
            options.pop("store", None)
            or config.getoption("zoom_store")
            or config.getini("zoom_store")
        )
        scope = (
            options.pop("scope", None)
            or config.getoption("zoom_scope")
            or config.getini("zoom_scope")
        )
        if scope not in ("test", "session"):
            raise pytest.UsageError(f"zoom_emulator scope must be test or session, not {scope!r}")
        block = bool(options.pop("block_network", False))
        allow = tuple(options.pop("allow", ()))
        return cls(str(store), scope, block, allow, options)

    def key(self) -> tuple[str, str]:
        """What makes two session servers different."""
        return self.store, repr(sorted(self.settings.items()))


@contextlib.contextmanager
def fresh_emulator(wanted: Wanted, tmp: pytest.TempPathFactory) -> Iterator[ZoomEmulator]:
    """A new in-process emulator on an empty store, stopped when the block ends."""
    data_dir = tmp.mktemp("zoom-emulator") if wanted.store == "sqlite" else tmp.getbasetemp()
    settings = emulator_settings(
        wanted.store, data_dir=data_dir, public_url=ZOOM_WEB, **wanted.settings
    )
    with EmulatorThread(settings, reset_store=True) as thread:
        handle = ZoomEmulator.of_thread(thread, in_process=True)
        try:
            yield handle
        finally:
            handle.close()


class ServerPool:
    """Emulators served on loopback ports for the whole session, one per store and
    settings asked for; each test gets one back reset."""

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self.tmp = tmp
        self._servers: dict[tuple[str, str], tuple[EmulatorThread, ZoomEmulator]] = {}

    def handle(self, wanted: Wanted) -> ZoomEmulator:
        key = wanted.key()
        if key not in self._servers:
            data_dir = self.tmp.mktemp("zoom-server")
            settings = emulator_settings(wanted.store, data_dir=data_dir, **wanted.settings)
            thread = EmulatorThread(settings, serve=True, reset_store=True).start()
            self._servers[key] = (thread, ZoomEmulator.of_thread(thread, in_process=False))
        handle = self._servers[key][1]
        handle.reset()
        return handle

    def close(self) -> None:
        for thread, handle in self._servers.values():
            handle.close()
            thread.stop()
        self._servers.clear()
