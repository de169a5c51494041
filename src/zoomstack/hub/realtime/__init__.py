"""Live updates over WebSockets; Redis pub/sub carries them across hub processes."""

from . import events
from .brokers import Broker, LocalBroker, RedisBroker, open_broker
from .events import LiveEvent
from .hub import LiveClient, Realtime

__all__ = [
    "Broker",
    "LiveClient",
    "LiveEvent",
    "LocalBroker",
    "Realtime",
    "RedisBroker",
    "events",
    "open_broker",
]
