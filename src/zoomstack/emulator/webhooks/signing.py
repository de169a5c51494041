"""Zoom's webhook signatures and the url_validation answer (guides/webhooks.md).

x-zm-signature = "v0=" + hex(HMAC-SHA256(secret_token, "v0:{x-zm-request-timestamp}:{body}"))
encryptedToken = hex(HMAC-SHA256(secret_token, plainToken))
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "x-zm-signature"
TIMESTAMP_HEADER = "x-zm-request-timestamp"
TOLERANCE_SECONDS = 300  # how old a request may be before a receiver should refuse it


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The `x-zm-signature` value for a body sent with `x-zm-request-timestamp: timestamp`."""
    return "v0=" + _hmac_hex(secret, b"v0:" + timestamp.encode() + b":" + body)


def verify(
    secret: str,
    timestamp: str | None,
    body: bytes,
    signature: str | None,
    *,
    now: float | None = None,
    tolerance: float = TOLERANCE_SECONDS,
) -> bool:
    """What a receiver checks: the signature matches and the timestamp is fresh."""
    if not timestamp or not signature:
        return False
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    # As bytes: compare_digest raises TypeError on str with non-ASCII characters.
    return hmac.compare_digest(sign(secret, timestamp, body).encode(), signature.encode())


def encrypted_token(secret: str, plain_token: str) -> str:
    """The `encryptedToken` an endpoint answers an `endpoint.url_validation` with."""
    return _hmac_hex(secret, plain_token.encode())
