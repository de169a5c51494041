"""Zoom's webhooks, received: verified, acted on once, turned into live events."""

from .events import ZoomEvent, parse_event
from .handlers import EventHandlers
from .receiver import WebhookReceiver

__all__ = ["EventHandlers", "WebhookReceiver", "ZoomEvent", "parse_event"]
