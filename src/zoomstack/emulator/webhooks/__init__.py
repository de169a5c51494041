"""Webhooks: event subscriptions, Zoom's signatures, delivery with retries, the delivery log."""

from __future__ import annotations

from .dispatcher import Dispatcher, Validation
from .routes import routes
from .signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, encrypted_token, sign, verify
from .subscriptions import Subscription

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "Dispatcher",
    "Subscription",
    "Validation",
    "encrypted_token",
    "routes",
    "sign",
    "verify",
]
