"""Files behind signed links: no login, the signature is the permission.

A single `Range: bytes=...` is answered with 206 and that span, so browsers can seek
in audio and video before the whole file has arrived.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response, StreamingResponse

from ..db.models import Recording
from ..deps import HubDep, SessionDep
from ..errors import NotFound
from ..storage import ObjectNotFound

router = APIRouter(tags=["files"])
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_span(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end exclusive) of one satisfiable bytes range; None for the whole file."""
    match = _RANGE.match((header or "").strip())
    if match is None or not (match[1] or match[2]):
        return None
    if not match[1]:
        return max(size - int(match[2]), 0), size
    start = int(match[1])
    end = min(int(match[2]) + 1, size) if match[2] else size
    return (start, end) if start < end else None


async def _span(chunks: AsyncIterator[bytes], start: int, end: int) -> AsyncIterator[bytes]:
    """Bytes `start` to `end` of a stream (stores read from the beginning)."""
    position = 0
    async for chunk in chunks:
        piece = chunk[max(start - position, 0) : max(end - position, 0)]
        position += len(chunk)
        if piece:
            yield piece
        if position >= end:
            return


@router.get("/files/{recording_id}", response_class=StreamingResponse)
async def signed_file(
    recording_id: str,
    expires: Annotated[int, Query()],
    signature: Annotated[str, Query(max_length=128)],
    session: SessionDep,
    hub: HubDep,
    range_header: Annotated[str | None, Header(alias="range")] = None,
) -> Response:
    hub.signer.verify(recording_id, expires=expires, signature=signature)
    recording = await session.get(Recording, recording_id)
    if recording is None or not recording.storage_key:
        raise NotFound("Recording not found.")
    try:
        info = await hub.storage.head(recording.storage_key)
    except ObjectNotFound:
        raise NotFound("The recording's file is missing from storage.") from None
    headers = {
        "Content-Length": str(info.size),
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(recording.file_name)}",
        "Cache-Control": "private, no-store",
        "Accept-Ranges": "bytes",
    }
    chunks = hub.storage.open(recording.storage_key)
    span = byte_span(range_header, info.size)
    if span is None:
        return StreamingResponse(chunks, media_type=recording.content_type, headers=headers)
    start, end = span
    headers["Content-Length"] = str(end - start)
    headers["Content-Range"] = f"bytes {start}-{end - 1}/{info.size}"
    body = _span(chunks, start, end)
    return StreamingResponse(body, 206, media_type=recording.content_type, headers=headers)
