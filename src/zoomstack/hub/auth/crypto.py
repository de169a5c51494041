"""Encryption of Zoom tokens at rest, with a rotatable key list (MultiFernet).

The first key encrypts; every key decrypts. To rotate: put a new key first, keep the
old ones after it, then re-encrypt the rows (`reencrypt_zoom_tokens`) and drop the
old keys.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TokenDecryptError(Exception):
    """A stored token that none of the configured keys can read."""


class TokenCipher:
    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one token key is needed")
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        except ValueError:
            # Fernet's own message is fine, but the key must not end up in a traceback.
            raise ValueError("a token key is not a valid Fernet key") from None

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken:
            raise TokenDecryptError("no configured key decrypts this token") from None

    def rotate(self, ciphertext: str) -> str:
        """The same plaintext, encrypted again under the newest key."""
        try:
            return self._fernet.rotate(ciphertext.encode()).decode()
        except InvalidToken:
            raise TokenDecryptError("no configured key decrypts this token") from None

    def __repr__(self) -> str:
        return "TokenCipher(<keys hidden>)"
