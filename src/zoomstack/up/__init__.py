"""`zoomstack up`: the emulator and the hub together, wired to each other, with demo data."""

from .stack import Stack, UpConfig, running

__all__ = ["Stack", "UpConfig", "running"]
