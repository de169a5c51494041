from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from zoomstack.hub.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType
from zoomstack.hub.recordings.multipart import MAX_FIELD_BYTES, MultipartReader

CT = "multipart/form-data; boundary=XyZ"


def field(name: str, value: str) -> bytes:
    return f'--XyZ\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()


def file(name: str, filename: str, data: bytes, content_type: str = "video/mp4") -> bytes:
    head = (
        f'--XyZ\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    )
    return head.encode() + data + b"\r\n"


END = b"--XyZ--\r\n"


async def body(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize("size", [1, 5, 64, 100_000])
async def test_fields_file_and_later_fields_in_any_chunking(size: int) -> None:
    payload = (
        field("meeting_id", "42")
        + file("file", "a.mp4", b"DATA" * 100)
        + field("meeting_title", "Budget")
        + file("extra", "b.mp4", b"ignored")
        + END
    )
    reader = MultipartReader(CT, body(payload, size))
    part = await reader.next_file()
    assert part is not None
    assert (part.field, part.filename, part.content_type) == ("file", "a.mp4", "video/mp4")
    assert reader.fields == {"meeting_id": "42"}
    assert b"".join([chunk async for chunk in part.chunks]) == b"DATA" * 100
    await reader.finish()
    assert reader.fields == {"meeting_id": "42", "meeting_title": "Budget"}


async def test_no_file_part() -> None:
    reader = MultipartReader(CT, body(field("a", "b") + END, 10))
    assert await reader.next_file() is None
    assert reader.fields == {"a": "b"}


@pytest.mark.parametrize(
    ("content_type", "error"),
    [("application/json", UnsupportedMediaType), ("multipart/form-data", BadRequest)],
)
def test_wrong_content_types(content_type: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        MultipartReader(content_type, body(b"", 1))


async def test_huge_fields_are_refused() -> None:
    reader = MultipartReader(CT, body(field("a", "x" * (MAX_FIELD_BYTES + 1)) + END, 4096))
    with pytest.raises(PayloadTooLarge):
        await reader.next_file()


async def test_a_part_without_a_name_is_refused() -> None:
    raw = b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n" + END
    with pytest.raises(BadRequest, match="name"):
        await MultipartReader(CT, body(raw, 100)).next_file()


async def test_a_body_cut_inside_the_file_is_refused() -> None:
    reader = MultipartReader(CT, body(file("file", "a.mp4", b"DATA")[:-2], 100))
    part = await reader.next_file()
    assert part is not None
    with pytest.raises(BadRequest):
        async for _ in part.chunks:
            pass
