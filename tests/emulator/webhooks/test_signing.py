from __future__ import annotations

import hashlib
import hmac

from zoomstack.emulator.webhooks import encrypted_token, sign, verify

SECRET = "s3cret"
BODY = b'{"event":"meeting.created","payload":{"account_id":"a","object":{"id":1}},"event_ts":1}'


def test_signature_is_hmac_of_v0_timestamp_body() -> None:
    expected = hmac.new(SECRET.encode(), b"v0:1658940994:" + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, "1658940994", BODY) == "v0=" + expected


def test_genuine_request_verifies() -> None:
    signature = sign(SECRET, "1000", BODY)
    assert verify(SECRET, "1000", BODY, signature, now=1010)


def test_forged_body_secret_or_signature_is_refused() -> None:
    signature = sign(SECRET, "1000", BODY)
    assert not verify(SECRET, "1000", BODY.replace(b"1}", b"2}"), signature, now=1000)
    assert not verify("other-secret", "1000", BODY, signature, now=1000)
    assert not verify(SECRET, "1000", BODY, "v0=" + "0" * 64, now=1000)
    assert not verify(SECRET, "1001", BODY, signature, now=1000)  # timestamp swapped


def test_stale_or_missing_timestamp_is_refused() -> None:
    signature = sign(SECRET, "1000", BODY)
    assert not verify(SECRET, "1000", BODY, signature, now=1000 + 301)
    assert not verify(SECRET, None, BODY, signature, now=1000)
    assert not verify(SECRET, "soon", BODY, signature, now=1000)
    assert not verify(SECRET, "1000", BODY, None, now=1000)


def test_encrypted_token_is_hex_hmac_of_plain_token() -> None:
    expected = hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
    assert encrypted_token(SECRET, "qgg8vlvZRS6UYooatFL8Aw") == expected
