from __future__ import annotations

import pytest

from zoomstack.zoom import (
    WebhookVerificationError,
    sign_webhook,
    url_validation_response,
    verify_webhook,
)

SECRET = "known-secret"
BODY = b'{"event":"session.started"}'
NOW = 1658940994.0


def headers(signature: str, timestamp: str = "1658940994") -> dict[str, str]:
    return {"X-Zm-Signature": signature, "x-zm-request-timestamp": timestamp}


def test_signature_matches_a_known_vector() -> None:
    # openssl dgst -sha256 -hmac known-secret <<< 'v0:1658940994:{"event":"session.started"}'
    expected = "v0=e4858e508edcb494a96d6a5514cb8131dc911d6b9c15611a36d02bcc1d73d41c"
    assert sign_webhook(SECRET, 1658940994, BODY) == expected
    assert sign_webhook(SECRET, "1658940994", BODY.decode()) == expected


def test_valid_request_passes() -> None:
    verify_webhook(SECRET, headers(sign_webhook(SECRET, 1658940994, BODY)), BODY, now=NOW + 10)


def test_forged_signature_is_refused() -> None:
    forged = sign_webhook("another-secret", 1658940994, BODY)
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_webhook(SECRET, headers(forged), BODY, now=NOW)


def test_tampered_body_is_refused() -> None:
    signature = sign_webhook(SECRET, 1658940994, BODY)
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_webhook(SECRET, headers(signature), BODY.replace(b"started", b"ended"), now=NOW)


def test_replayed_timestamp_is_refused() -> None:
    signature = sign_webhook(SECRET, 1658940994, BODY)
    with pytest.raises(WebhookVerificationError, match="away from now"):
        verify_webhook(SECRET, headers(signature), BODY, now=NOW + 301)
    verify_webhook(SECRET, headers(signature), BODY, now=NOW + 3600, max_age=3601)


def test_timestamp_from_the_future_is_refused() -> None:
    signature = sign_webhook(SECRET, 1658940994, BODY)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(SECRET, headers(signature), BODY, now=NOW - 1000)


def test_signature_bound_to_its_timestamp() -> None:
    signature = sign_webhook(SECRET, 1658940994, BODY)
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_webhook(SECRET, headers(signature, "1658940995"), BODY, now=NOW)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"x-zm-request-timestamp": "1658940994"}, "missing x-zm-signature"),
        ({"x-zm-signature": "v0=00"}, "missing x-zm-request-timestamp"),
        ({"x-zm-signature": "v0=00", "x-zm-request-timestamp": "soon"}, "not a number"),
    ],
)
def test_missing_or_bad_headers_are_refused(given: dict[str, str], message: str) -> None:
    with pytest.raises(WebhookVerificationError, match=message):
        verify_webhook(SECRET, given, BODY, now=NOW)


def test_url_validation_answer_matches_a_known_vector() -> None:
    # openssl dgst -sha256 -hmac known-secret <<< qgg8vlvZRS6UYooatFL8Aw
    assert url_validation_response(SECRET, "qgg8vlvZRS6UYooatFL8Aw") == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": "082f88c12d352ed5121cc2344551b3ef8452d960aa4553d3bf6d213d33588844",
    }
