"""Download tokens for recording files: `download_access_token` and the webhook `download_token`.

Zoom hands these out as JWTs that download clients pass as `?access_token=` or a
bearer header. Ours are HS256 JWTs signed with a key derived from the account's
client secret, so any worker can check one without a store lookup.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from .state import Emulator

DEFAULT_TTL = 24 * 3600
MAX_TTL = 7 * 24 * 3600
_HEADER = {"alg": "HS256", "typ": "JWT"}
_AUDIENCE = "zoomstack:recording-download"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(emu: Emulator) -> bytes:
    secret = emu.settings.client_secret.get_secret_value().encode()
    return hashlib.sha256(b"zoomstack-download\x00" + secret).digest()


def _sign(emu: Emulator, signing_input: str) -> str:
    return _b64(hmac.new(_key(emu), signing_input.encode(), hashlib.sha256).digest())


def issue(emu: Emulator, account_id: str, ttl: int = DEFAULT_TTL) -> str:
    """A token that lets its bearer download the account's recording files for `ttl` seconds."""
    now = int(emu.clock.timestamp())
    claims = {"aud": _AUDIENCE, "account_id": account_id, "iat": now, "exp": now + ttl}
    signing_input = f"{_b64(orjson.dumps(_HEADER))}.{_b64(orjson.dumps(claims))}"
    return f"{signing_input}.{_sign(emu, signing_input)}"


def verify(emu: Emulator, token: str) -> str | None:
    """The account a valid, unexpired download token was issued for; None otherwise."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    signing_input = f"{parts[0]}.{parts[1]}"
    # As bytes: compare_digest raises TypeError on str with non-ASCII characters.
    if not hmac.compare_digest(_sign(emu, signing_input).encode(), parts[2].encode()):
        return None
    claims = _claims(parts[1])
    if claims is None or claims.get("aud") != _AUDIENCE:
        return None
    if float(claims.get("exp", 0)) <= emu.clock.timestamp():
        return None
    return str(claims.get("account_id") or "") or None


def _claims(part: str) -> dict[str, Any] | None:
    try:
        value = orjson.loads(_unb64(part))
    except (binascii.Error, ValueError):
        return None
    return value if isinstance(value, dict) else None
