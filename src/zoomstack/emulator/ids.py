"""Identifiers shaped like Zoom's: user ids, numeric meeting ids, base64 UUIDs."""

from __future__ import annotations

import base64
import random
import secrets
import string
from urllib.parse import unquote

_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


class IdFactory:
    """Makes ids from one random source, so a seeded factory is reproducible."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng: random.Random = (
            random.Random(seed) if seed is not None else secrets.SystemRandom()
        )

    def user_id(self) -> str:
        return "".join(self._rng.choice(_ID_ALPHABET) for _ in range(22))

    def meeting_id(self) -> int:
        return self._rng.randrange(81_000_000_000, 99_999_999_999)

    def uuid(self) -> str:
        """16 random bytes in standard base64: contains `+`, `/` and `==` as Zoom's do."""
        return base64.b64encode(self._rng.randbytes(16)).decode()

    def file_id(self) -> str:
        return "".join(self._rng.choice(_ID_ALPHABET[:62]) for _ in range(36))

    def token(self, n: int = 32) -> str:
        return "".join(self._rng.choice(_ID_ALPHABET) for _ in range(n))

    def digits(self, n: int) -> str:
        return "".join(self._rng.choice(string.digits) for _ in range(n))

    def password(self) -> str:
        return "".join(self._rng.choice(string.ascii_letters + string.digits) for _ in range(6))


def normalize_uuid(raw: str) -> str:
    """A meeting UUID as clients send it: raw, URL-encoded once or twice.

    Zoom asks for UUIDs that begin with `/` or contain `//` to be double-encoded;
    clients do it inconsistently, so decode until stable.
    """
    value = raw
    for _ in range(3):
        decoded = unquote(value)
        if decoded == value:
            break
        value = decoded
    return value
