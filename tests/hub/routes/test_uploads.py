from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.hub.recordings.media import VTT, mp4
from zoomstack.hub.state import Hub

LIMIT = 256 * 1024  # hub_settings' max_upload_bytes


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    name: str,
    content: bytes,
    content_type: str = "video/mp4",
    **fields: str,
) -> httpx.Response:
    return await client.post(
        "/upload/recording",
        files={"file": (name, content, content_type)},
        data=fields,
        headers=headers,
    )


async def stored_keys(hub: Hub) -> list[str]:
    root = hub.settings.data_dir / "storage"
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and ".health" not in str(p)
    )


async def test_upload_is_stored_byte_exact_and_downloads_the_same(
    hub_client: httpx.AsyncClient, alice: dict[str, str], hub: Hub
) -> None:
    content = mp4(200_000)
    response = await upload(
        hub_client, alice, "standup.mp4", content, meeting_title="Standup", meeting_id="123"
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["file_name"] == "standup.mp4" and body["file_type"] == "MP4"
    assert body["file_size"] == len(content)
    assert body["checksum"] == hashlib.sha256(content).hexdigest()
    assert body["meeting_title"] == "Standup" and body["meeting_id"] == "123"
    assert body["processing_status"] == "stored" and body["source"] == "upload"
    link = await hub_client.get(f"/recordings/{body['recording_id']}/download", headers=alice)
    chunks = []
    async with hub_client.stream("GET", link.json()["url"]) as download:
        assert download.status_code == 200
        assert download.headers["content-type"] == "video/mp4"
        assert download.headers["content-length"] == str(len(content))
        chunks = [chunk async for chunk in download.aiter_raw()]
    assert b"".join(chunks) == content


async def test_fields_after_the_file_still_count(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.vtt"\r\n'
        f"Content-Type: text/vtt\r\n\r\n"
    ).encode() + VTT
    body += (
        f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="meeting_title"\r\n\r\n'
        f"Late title\r\n--{boundary}--\r\n"
    ).encode()
    response = await hub_client.post(
        "/upload/recording",
        content=body,
        headers={**alice, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["meeting_title"] == "Late title"
    assert response.json()["content_type"] == "text/vtt"


async def test_chunked_upload_without_content_length(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    content = mp4(100_000)
    boundary = "chunky"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()

    async def body() -> AsyncIterator[bytes]:
        yield head
        for start in range(0, len(content), 7_000):  # parts split mid-header and mid-file
            yield content[start : start + 7_000]
        yield f"\r\n--{boundary}--\r\n".encode()

    response = await hub_client.post(
        "/upload/recording",
        content=body(),
        headers={**alice, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["checksum"] == hashlib.sha256(content).hexdigest()


async def test_too_large_is_413_and_leaves_nothing(
    hub_client: httpx.AsyncClient, alice: dict[str, str], hub: Hub
) -> None:
    response = await upload(hub_client, alice, "big.mp4", mp4(LIMIT + 1))
    assert response.status_code == 413
    assert response.json()["details"] == {"max_bytes": LIMIT}
    assert await stored_keys(hub) == []
    listed = await hub_client.get("/recordings", headers=alice)
    assert listed.json()["total_records"] == 0


async def test_declared_length_far_over_the_limit_is_refused_before_reading(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await hub_client.post(
        "/upload/recording",
        content=b"x",
        headers={
            **alice,
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(LIMIT + 2 * 1024 * 1024),
        },
    )
    assert response.status_code == 413


async def test_exactly_the_limit_is_accepted(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await upload(hub_client, alice, "edge.mp4", mp4(LIMIT))
    assert response.status_code == 201
    assert response.json()["file_size"] == LIMIT


@pytest.mark.parametrize(
    ("name", "content_type", "status"),
    [
        ("notes.exe", "application/octet-stream", 415),
        ("noextension", "video/mp4", 415),
        ("clip.mp4", "text/html", 415),
        ("clip.mp4", "audio/mpeg", 415),
    ],
)
async def test_wrong_extension_or_content_type_is_415(
    hub_client: httpx.AsyncClient,
    alice: dict[str, str],
    hub: Hub,
    name: str,
    content_type: str,
    status: int,
) -> None:
    response = await upload(hub_client, alice, name, mp4(1000), content_type)
    assert response.status_code == status
    assert response.json()["error"] is True
    assert await stored_keys(hub) == []


async def test_content_that_is_not_what_it_claims_is_422(
    hub_client: httpx.AsyncClient, alice: dict[str, str], hub: Hub
) -> None:
    response = await upload(hub_client, alice, "fake.mp4", b"<html>not a video</html>")
    assert response.status_code == 422
    assert "not a .mp4 file" in response.json()["message"]
    assert await stored_keys(hub) == []


async def test_empty_file_is_422(hub_client: httpx.AsyncClient, alice: dict[str, str]) -> None:
    response = await upload(hub_client, alice, "empty.vtt", b"", "text/vtt")
    assert response.status_code == 422
    assert response.json()["message"] == "The file is empty."


async def test_generic_content_type_is_accepted_by_extension(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await upload(hub_client, alice, "t.vtt", VTT, "application/octet-stream")
    assert response.status_code == 201
    assert response.json()["file_type"] == "VTT"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("../x.mp4", "x.mp4"),
        ("../../etc/passwd.mp4", "passwd.mp4"),
        ("..\\..\\win\\evil.mp4", "evil.mp4"),
        ("we$ird <name>.mp4", "we_ird _name_.mp4"),
    ],
)
async def test_path_traversal_names_are_sanitised(
    hub_client: httpx.AsyncClient, alice: dict[str, str], hub: Hub, raw: str, stored: str
) -> None:
    response = await upload(hub_client, alice, raw, mp4(500))
    assert response.status_code == 201, response.text
    assert response.json()["file_name"] == stored
    root = (hub.settings.data_dir / "storage").resolve()
    keys = await stored_keys(hub)
    assert len(keys) == 1 and keys[0].endswith("/" + stored)
    assert (root / keys[0]).resolve().is_relative_to(root)


@pytest.mark.parametrize("raw", ["..", "../", "/", "...."])
async def test_names_with_nothing_left_are_422(
    hub_client: httpx.AsyncClient, alice: dict[str, str], raw: str
) -> None:
    response = await upload(hub_client, alice, raw, mp4(500))
    assert response.status_code == 422


async def test_missing_file_part_is_422(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await hub_client.post(
        "/upload/recording", files={"other": ("a.mp4", mp4(100), "video/mp4")}, headers=alice
    )
    assert response.status_code == 422


async def test_not_multipart_is_415(hub_client: httpx.AsyncClient, alice: dict[str, str]) -> None:
    response = await hub_client.post("/upload/recording", json={"file": "x"}, headers=alice)
    assert response.status_code == 415


async def test_malformed_multipart_is_400(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await hub_client.post(
        "/upload/recording",
        content=b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"',
        headers={**alice, "Content-Type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 400


async def test_too_long_form_field_is_422_and_leaves_nothing(
    hub_client: httpx.AsyncClient, alice: dict[str, str], hub: Hub
) -> None:
    response = await upload(hub_client, alice, "a.mp4", mp4(500), meeting_id="9" * 65)
    assert response.status_code == 422
    assert response.json()["details"][0]["loc"] == ["meeting_id"]
    assert await stored_keys(hub) == []


async def test_upload_needs_login(hub_client: httpx.AsyncClient) -> None:
    response = await upload(hub_client, {}, "a.mp4", mp4(500))
    assert response.status_code == 401
