"""Expiring download links the hub signs itself (HMAC-SHA256), for any store."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from ..errors import Forbidden


@dataclass(frozen=True, slots=True)
class SignedLink:
    url: str
    expires_at: datetime


class LinkSigner:
    def __init__(self, key: bytes, *, base_url: str) -> None:
        self._key = key
        self.base_url = base_url.rstrip("/")

    def sign(self, recording_id: str, *, ttl: timedelta, now: datetime | None = None) -> SignedLink:
        expires_at = (now or datetime.now(UTC)) + ttl
        expires = int(expires_at.timestamp())
        query = urlencode({"expires": expires, "signature": self._mac(recording_id, expires)})
        url = f"{self.base_url}/files/{recording_id}?{query}"
        return SignedLink(url=url, expires_at=datetime.fromtimestamp(expires, UTC))

    def verify(
        self, recording_id: str, *, expires: int, signature: str, now: datetime | None = None
    ) -> None:
        """Raises Forbidden unless the signature is ours and has not expired."""
        # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError).
        if not hmac.compare_digest(self._mac(recording_id, expires).encode(), signature.encode()):
            raise Forbidden("Invalid download signature.")
        if (now or datetime.now(UTC)).timestamp() >= expires:
            raise Forbidden("Download link expired.")

    def _mac(self, recording_id: str, expires: int) -> str:
        message = f"{recording_id}:{expires}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return f"LinkSigner(base_url={self.base_url!r})"
