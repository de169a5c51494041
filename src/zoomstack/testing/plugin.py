"""The pytest plugin (entry point `pytest11: zoomstack`): a Zoom emulator for any test suite.

Fixtures:
    zoom_emulator   a `ZoomEmulator` handle on an empty emulator for this test
    zoom_client     a `zoomstack.zoom.ZoomClient` bound to it (S2S credentials)
    zoom_mock       `mock_zoom()` on the same emulator: Zoom's real URLs answered by it

How the emulator runs, from the `zoom_emulator` marker, else the command line, else
the ini file:
    store   memory (default), sqlite (a file per emulator), or a store URL (postgresql://...)
    scope   test (default): a fresh in-process emulator per test, no port;
            session: one server on a loopback port for the session, reset before each test
    @pytest.mark.zoom_emulator(block_network=True, allow=[...]) also tunes `zoom_mock`,
    and any other keyword is an `EmulatorSettings` field (auth_mode="strict", seed=7 ...).

Only pytest is imported here; everything else loads when a fixture is first used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ..zoom import ZoomClient
    from .fixtures import ServerPool
    from .handle import ZoomEmulator
    from .mock import MockZoom


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zoomstack", "zoomstack: Zoom emulator fixtures")
    group.addoption(
        "--zoom-store",
        dest="zoom_store",
        default=None,
        help="store of the zoom_emulator fixture: memory, sqlite or a store URL",
    )
    group.addoption(
        "--zoom-scope",
        dest="zoom_scope",
        choices=("test", "session"),
        default=None,
        help="test: fresh in-process emulator per test; session: one reset server",
    )
    parser.addini("zoom_store", "store of the zoom_emulator fixture", default="memory")
    parser.addini("zoom_scope", "scope of the zoom_emulator fixture's emulator", default="test")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "zoom_emulator(store=None, scope=None, block_network=False, allow=(), **settings): "
        "how this test's Zoom emulator runs",
    )


@pytest.fixture(scope="session")
def zoom_emulator_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerPool]:
    """The session's emulator servers (used by `zoom_emulator` with scope=session)."""
    from .fixtures import ServerPool

    pool = ServerPool(tmp_path_factory)
    yield pool
    pool.close()


@pytest.fixture
def zoom_emulator(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ZoomEmulator]:
    """A handle on an emulator whose state belongs to this test alone."""
    from .fixtures import Wanted, fresh_emulator

    wanted = Wanted.of(request)
    if wanted.scope == "session":
        pool: ServerPool = request.getfixturevalue("zoom_emulator_servers")
        yield pool.handle(wanted)
        return
    with fresh_emulator(wanted, tmp_path_factory) as handle:
        yield handle


@pytest.fixture
def zoom_client(zoom_emulator: ZoomEmulator) -> ZoomClient:
    """A `ZoomClient` for the emulator's account; it reaches the emulator in-process."""
    from .transport import AsyncEmulatorTransport

    thread = zoom_emulator.thread
    assert thread is not None
    return zoom_emulator.zoom_client(transport=AsyncEmulatorTransport(thread))


@pytest.fixture
def zoom_mock(zoom_emulator: ZoomEmulator, request: pytest.FixtureRequest) -> Iterator[MockZoom]:
    """`mock_zoom()` answering from this test's `zoom_emulator`."""
    from .fixtures import Wanted
    from .mock import MockZoom

    wanted = Wanted.of(request)
    mock = MockZoom(emulator=zoom_emulator, block_network=wanted.block_network, allow=wanted.allow)
    with mock:
        yield mock
