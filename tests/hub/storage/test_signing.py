from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from zoomstack.hub.errors import Forbidden
from zoomstack.hub.storage.signing import LinkSigner

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def parts(url: str) -> tuple[str, int, str]:
    split = urlsplit(url)
    query = parse_qs(split.query)
    return split.path.rsplit("/", 1)[1], int(query["expires"][0]), query["signature"][0]


def test_a_signed_link_verifies_until_it_expires() -> None:
    signer = LinkSigner(b"k" * 32, base_url="http://hub.test/")
    link = signer.sign("rec1", ttl=timedelta(minutes=10), now=NOW)
    assert link.url.startswith("http://hub.test/files/rec1?")
    recording_id, expires, signature = parts(link.url)
    signer.verify(recording_id, expires=expires, signature=signature, now=NOW)
    just_before = NOW + timedelta(minutes=10) - timedelta(seconds=1)
    signer.verify(recording_id, expires=expires, signature=signature, now=just_before)
    with pytest.raises(Forbidden, match="expired"):
        signer.verify(recording_id, expires=expires, signature=signature, now=link.expires_at)


def test_another_key_or_changed_fields_do_not_verify() -> None:
    link = LinkSigner(b"a" * 32, base_url="http://h").sign("rec1", ttl=timedelta(hours=1), now=NOW)
    recording_id, expires, signature = parts(link.url)
    other = LinkSigner(b"b" * 32, base_url="http://h")
    for signer, rid, exp in [
        (other, recording_id, expires),
        (LinkSigner(b"a" * 32, base_url="http://h"), "rec2", expires),
        (LinkSigner(b"a" * 32, base_url="http://h"), recording_id, expires + 1),
    ]:
        with pytest.raises(Forbidden, match="Invalid download signature"):
            signer.verify(rid, expires=exp, signature=signature, now=NOW)
