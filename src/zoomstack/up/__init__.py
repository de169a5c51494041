"""`zoomstack up`: the emulator and the hub together, wired to each other, with demo data.

Names are imported on first use: `zoomstack.up.command` is part of every `zoomstack`
command, which should not load both servers to start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .stack import Stack, UpConfig, running

__all__ = ["Stack", "UpConfig", "running"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(".stack", __name__), name)
