"""Encryption of Zoom tokens at rest, with a rotatable key list (MultiFernet).

The first key encrypts; every key decrypts. To rotate: put a new key first, keep the
old ones after it, then re-encrypt the rows (`reencrypt_zoom_tokens`) and drop the
old keys.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

# cryptography loads when a token is first encrypted or read: a hub process that never
# touches a Zoom user token (`zoomstack sync`) does without it.
if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet

FERNET_KEY_BYTES = 32


class TokenDecryptError(Exception):
    """A stored token that none of the configured keys can read."""


class TokenCipher:
    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one token key is needed")
        if not all(_fernet_key(key) for key in keys):
            raise ValueError("a token key is not a valid Fernet key")
        self._keys = tuple(keys)

    @cached_property
    def _fernet(self) -> MultiFernet:
        from cryptography.fernet import Fernet, MultiFernet

        return MultiFernet([Fernet(key.encode()) for key in self._keys])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken:
            raise TokenDecryptError("no configured key decrypts this token") from None

    def rotate(self, ciphertext: str) -> str:
        """The same plaintext, encrypted again under the newest key."""
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.rotate(ciphertext.encode()).decode()
        except InvalidToken:
            raise TokenDecryptError("no configured key decrypts this token") from None

    def __repr__(self) -> str:
        return "TokenCipher(<keys hidden>)"


def _fernet_key(key: str) -> bool:
    """Whether Fernet takes `key`: 32 bytes in URL-safe base64 (its own check)."""
    try:
        return len(base64.urlsafe_b64decode(key.encode())) == FERNET_KEY_BYTES
    except (binascii.Error, ValueError):
        return False
