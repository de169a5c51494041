"""zoomstack as a test dependency: a stateful Zoom emulator inside your own tests.

    from zoomstack.testing import mock_zoom, run_emulator, ZoomEmulator

The pytest plugin (fixtures `zoom_emulator`, `zoom_client`, `zoom_mock`) is in
`plugin.py`. Names here load on first use, so importing the package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .handle import ZoomEmulator, run_emulator
    from .mock import MockZoom, mock_zoom
    from .results import Delivery, FaultRule, LoggedRequest, Simulation, Subscription
    from .runner import EmulatorThread, emulator_settings
    from .transport import AsyncEmulatorTransport, EmulatorTransport

_HOMES = {
    "AsyncEmulatorTransport": "transport",
    "Delivery": "results",
    "EmulatorThread": "runner",
    "EmulatorTransport": "transport",
    "FaultRule": "results",
    "LoggedRequest": "results",
    "MockZoom": "mock",
    "Simulation": "results",
    "Subscription": "results",
    "ZoomEmulator": "handle",
    "emulator_settings": "runner",
    "mock_zoom": "mock",
    "run_emulator": "handle",
}

__all__ = [
    "AsyncEmulatorTransport",
    "Delivery",
    "EmulatorThread",
    "EmulatorTransport",
    "FaultRule",
    "LoggedRequest",
    "MockZoom",
    "Simulation",
    "Subscription",
    "ZoomEmulator",
    "emulator_settings",
    "mock_zoom",
    "run_emulator",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
