from __future__ import annotations

from zoomstack.emulator import download_tokens
from zoomstack.emulator.state import Emulator


def test_a_token_names_its_account_until_it_expires(emulator: Emulator) -> None:
    token = download_tokens.issue(emulator, "acct-1", ttl=60)
    assert download_tokens.verify(emulator, token) == "acct-1"
    emulator.clock.offset_seconds += 61
    assert download_tokens.verify(emulator, token) is None


def test_tampered_or_foreign_tokens_are_refused(emulator: Emulator) -> None:
    token = download_tokens.issue(emulator, "acct-1")
    head, claims, signature = token.split(".")
    forged = download_tokens.issue(emulator, "acct-2").split(".")[1]
    assert download_tokens.verify(emulator, f"{head}.{forged}.{signature}") is None
    assert download_tokens.verify(emulator, f"{head}.{claims}.{signature[:-2]}xx") is None
    for junk in ("", "a.b", "a.b.c", "not-a-token", "..."):
        assert download_tokens.verify(emulator, junk) is None
