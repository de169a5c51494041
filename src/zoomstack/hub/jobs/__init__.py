"""Background work on a real queue engine (taskiq; in-process by default)."""

from .engine import JobEngine, RetryLater, make_broker

__all__ = ["JobEngine", "RetryLater", "make_broker"]
