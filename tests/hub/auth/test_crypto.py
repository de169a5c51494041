from __future__ import annotations

import pytest

from zoomstack.hub.auth.crypto import TokenCipher, TokenDecryptError
from zoomstack.hub.auth.keys import generate_token_key


def test_round_trip_and_ciphertext_is_not_the_plaintext() -> None:
    cipher = TokenCipher([generate_token_key()])
    sealed = cipher.encrypt("access-token-value")
    assert "access-token-value" not in sealed
    assert cipher.decrypt(sealed) == "access-token-value"


def test_old_keys_still_decrypt_and_rotate_moves_to_the_newest() -> None:
    old, new = generate_token_key(), generate_token_key()
    sealed_with_old = TokenCipher([old]).encrypt("secret")
    rotated_cipher = TokenCipher([new, old])
    assert rotated_cipher.decrypt(sealed_with_old) == "secret"
    rotated = rotated_cipher.rotate(sealed_with_old)
    assert TokenCipher([new]).decrypt(rotated) == "secret"
    with pytest.raises(TokenDecryptError):
        TokenCipher([new]).decrypt(sealed_with_old)


def test_bad_keys_are_refused_without_showing_them() -> None:
    with pytest.raises(ValueError, match="not a valid Fernet key") as caught:
        TokenCipher(["short-key-value"])
    assert "short-key-value" not in str(caught.value)
    with pytest.raises(ValueError, match="at least one"):
        TokenCipher([])
    assert "keys hidden" in repr(TokenCipher([generate_token_key()]))
