from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from tests.hub.recordings.media import mp4
from tests.hub.routes.test_uploads import upload
from zoomstack.hub.state import Hub


async def signed_url(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> tuple[str, str, dict[str, str]]:
    created = await upload(client, headers, "call.mp4", mp4(4000))
    recording_id = created.json()["recording_id"]
    link = (await client.get(f"/recordings/{recording_id}/download", headers=headers)).json()
    parts = urlsplit(link["url"])
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return recording_id, parts.path, query


async def test_valid_signature_serves_the_file_without_login(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    _, path, query = await signed_url(hub_client, alice)
    response = await hub_client.get(f"{path}?{urlencode(query)}")
    assert response.status_code == 200
    assert response.content == mp4(4000)
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''call.mp4"


async def test_expired_link_is_403(
    hub_client: httpx.AsyncClient, alice: dict[str, str], hub: Hub
) -> None:
    recording_id, _, _ = await signed_url(hub_client, alice)
    past = datetime.now(UTC) - timedelta(hours=1)
    link = hub.signer.sign(recording_id, ttl=timedelta(minutes=5), now=past)
    response = await hub_client.get(link.url)
    assert response.status_code == 403
    assert response.json()["message"] == "Download link expired."


async def test_tampered_links_are_403(hub_client: httpx.AsyncClient, alice: dict[str, str]) -> None:
    _, path, query = await signed_url(hub_client, alice)
    other_id, _, _ = await signed_url(hub_client, alice)
    later = {**query, "expires": str(int(query["expires"]) + 3600)}
    flipped = query["signature"][:-1] + ("0" if query["signature"][-1] != "0" else "1")
    for url in [
        f"{path}?{urlencode(later)}",  # extended expiry
        f"{path}?{urlencode({**query, 'signature': flipped})}",  # altered signature
        f"/files/{other_id}?{urlencode(query)}",  # another recording's file
    ]:
        response = await hub_client.get(url)
        assert response.status_code == 403, url
        assert response.json()["message"] == "Invalid download signature."


async def test_missing_signature_is_422(hub_client: httpx.AsyncClient) -> None:
    response = await hub_client.get("/files/abc")
    assert response.status_code == 422


async def test_a_range_is_answered_with_that_span(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    """What a browser's media element asks for while it seeks."""
    _, path, query = await signed_url(hub_client, alice)
    url, data = f"{path}?{urlencode(query)}", mp4(4000)
    size = len(data)
    whole = await hub_client.get(url)
    assert whole.headers["accept-ranges"] == "bytes"
    for asked, start, end in [
        ("bytes=100-199", 100, 200),
        ("bytes=0-", 0, size),
        (f"bytes={size - 10}-", size - 10, size),
        ("bytes=-25", size - 25, size),
        (f"bytes=3000-{size + 500}", 3000, size),  # an end past the file stops at its end
        (f"bytes=-{size + 9}", 0, size),
    ]:
        part = await hub_client.get(url, headers={"Range": asked})
        assert part.status_code == 206, asked
        assert part.content == data[start:end], asked
        assert part.headers["content-range"] == f"bytes {start}-{end - 1}/{size}", asked
        assert part.headers["content-length"] == str(end - start), asked
        assert part.headers["accept-ranges"] == "bytes"


async def test_a_range_past_the_end_is_416_and_others_get_the_whole_file(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    _, path, query = await signed_url(hub_client, alice)
    url, data = f"{path}?{urlencode(query)}", mp4(4000)
    for asked in (f"bytes={len(data)}-", f"bytes={len(data) + 5}-{len(data) + 9}", "bytes=-0"):
        refused = await hub_client.get(url, headers={"Range": asked})
        assert refused.status_code == 416, asked
        assert refused.headers["content-range"] == f"bytes */{len(data)}"
    for ignored in ("bytes=0-9,20-29", "items=0-9", "bytes=9-0", "bytes=-"):
        whole = await hub_client.get(url, headers={"Range": ignored})
        assert whole.status_code == 200, ignored
        assert whole.content == data
