"""Zoom webhook checks: the `x-zm-signature` header and the endpoint URL validation.

Zoom signs `v0:{x-zm-request-timestamp}:{raw body}` with HMAC-SHA256 under the
app's secret token and sends `v0=<hex>`. The raw bytes must be used as received:
a re-serialised JSON body would not match. The timestamp is checked too, so a
captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping

from .errors import WebhookVerificationError

SIGNATURE_HEADER = "x-zm-signature"
TIMESTAMP_HEADER = "x-zm-request-timestamp"
URL_VALIDATION_EVENT = "endpoint.url_validation"
DEFAULT_MAX_AGE = 300.0


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign_webhook(secret: str, timestamp: int | str, body: bytes | str) -> str:
    """The `x-zm-signature` value Zoom sends for `body` at `timestamp` (epoch seconds)."""
    raw = body.encode() if isinstance(body, str) else body
    return "v0=" + _hmac_hex(secret, b"v0:" + str(timestamp).encode() + b":" + raw)


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    raise WebhookVerificationError(f"missing {name} header")


def _timestamp(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise WebhookVerificationError(f"{TIMESTAMP_HEADER} is not a number") from None


def verify_webhook(
    secret: str,
    headers: Mapping[str, str],
    body: bytes | str,
    *,
    max_age: float = DEFAULT_MAX_AGE,
    now: float | None = None,
) -> None:
    """Raise WebhookVerificationError unless Zoom signed `body` within `max_age` seconds."""
    signature = _header(headers, SIGNATURE_HEADER)
    raw_timestamp = _header(headers, TIMESTAMP_HEADER)
    timestamp = _timestamp(raw_timestamp)
    expected = sign_webhook(secret, raw_timestamp.strip(), body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise WebhookVerificationError("signature does not match")
    age = (time.time() if now is None else now) - timestamp
    if abs(age) > max_age:
        raise WebhookVerificationError(f"request timestamp is {age:.0f}s away from now")


def url_validation_response(secret: str, plain_token: str) -> dict[str, str]:
    """The answer to Zoom's `endpoint.url_validation` challenge for `plain_token`."""
    return {"plainToken": plain_token, "encryptedToken": _hmac_hex(secret, plain_token.encode())}
