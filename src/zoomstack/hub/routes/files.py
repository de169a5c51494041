"""Files behind signed links: no login, the signature is the permission.

A single `Range: bytes=...` is answered with 206 and that span (read alone from the
store), so browsers can seek in audio and video before the whole file has arrived; a
range that starts past the end gets 416, and a header the hub does not serve (several
ranges, another unit) the whole file, as HTTP allows.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response, StreamingResponse

from ..db.models import Recording
from ..deps import HubDep, SessionDep
from ..errors import NotFound
from ..storage import ObjectNotFound

router = APIRouter(tags=["files"])
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(ValueError):
    """The range lies wholly past the end of the file."""


def byte_span(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end exclusive) of one bytes range; None for the whole file (no header,
    or one the hub does not serve); Unsatisfiable when no byte of it exists."""
    match = _RANGE.match((header or "").strip())
    if match is None or not (match[1] or match[2]):
        return None
    if not match[1]:
        suffix = int(match[2])
        if suffix == 0 or size == 0:
            raise Unsatisfiable(header)
        return max(size - suffix, 0), size
    start = int(match[1])
    if match[2] and int(match[2]) < start:
        return None  # a malformed range is ignored, not refused
    if start >= size:
        raise Unsatisfiable(header)
    end = min(int(match[2]) + 1, size) if match[2] else size
    return start, end


RANGE_ANSWERS: dict[int | str, dict[str, Any]] = {
    206: {"description": "The bytes the `Range` header asked for, with `Content-Range`."},
    416: {"description": "The range starts past the end; `Content-Range: bytes */size`."},
}


@router.get("/files/{recording_id}", response_class=StreamingResponse, responses=RANGE_ANSWERS)
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
    try:
        span = byte_span(range_header, info.size)
    except Unsatisfiable:
        refused = {"Content-Range": f"bytes */{info.size}", "Accept-Ranges": "bytes"}
        return Response(status_code=416, headers=refused)
    if span is None:
        chunks = hub.storage.open(recording.storage_key)
        return StreamingResponse(chunks, media_type=recording.content_type, headers=headers)
    start, end = span
    headers["Content-Length"] = str(end - start)
    headers["Content-Range"] = f"bytes {start}-{end - 1}/{info.size}"
    body = hub.storage.open_range(recording.storage_key, start, end)
    return StreamingResponse(body, 206, media_type=recording.content_type, headers=headers)
