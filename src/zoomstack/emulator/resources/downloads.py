"""Recording file downloads: GET and HEAD on each file's `download_url` (and `play_url`).

Callers authenticate as download clients do: `?access_token=` or a bearer header,
holding an API token, a `download_access_token` or a webhook `download_token`.
Answers stream (a file is never built whole in memory), carry Content-Length equal
to the listed `file_size`, and honour a single `Range` for resuming.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from .. import download_tokens, media, spoken_media
from ..auth import authenticate, bearer, emulator
from ..errors import RecordingNotFound, ZoomError
from ..generate import from_recipe
from ..http import path_param
from ..state import Emulator
from ..store import Doc
from .recording_shapes import CONTENT, FILE_KINDS, KIND, SPEECH, TRASH, all_files, file_name

_READ_BYTES = 256 * 1024


class RangeNotSatisfiable(ZoomError):
    status = 416
    code = 416

    def __init__(self, size: int) -> None:
        super().__init__(
            "Requested range not satisfiable.", headers={"Content-Range": f"bytes */{size}"}
        )


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The (start, end-exclusive) span one `Range: bytes=...` header asks for.

    None means "send the whole file": no header, another unit, or several ranges (which
    a server may answer in full). A malformed or unsatisfiable bytes range is a 416.
    """
    if not header:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    if "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash or not (first.isdigit() or last.isdigit()):
        raise RangeNotSatisfiable(size)
    if not first:  # "-N": the last N bytes
        return _checked(max(size - int(last), 0), size, size)
    if last and not last.isdigit():
        raise RangeNotSatisfiable(size)
    end = min(int(last) + 1, size) if last else size
    return _checked(int(first), end, size)


def _checked(start: int, end: int, size: int) -> tuple[int, int]:
    if start >= size or end <= start:
        raise RangeNotSatisfiable(size)
    return start, end


async def _account(request: Request) -> str:
    """The account the caller may download from."""
    token = bearer(request)
    if token:
        account = download_tokens.verify(emulator(request), token)
        if account:
            return account
    return (await authenticate(request)).account_id


async def _find(emu: Emulator, account_id: str, file_id: str) -> tuple[Doc, dict[str, Any]]:
    uuid = await emu.store.resolve(KIND, file_id)
    doc = await emu.store.get(KIND, uuid) if uuid else None
    if doc is None or doc.account_id != account_id or doc.parent == TRASH:
        raise RecordingNotFound("File does not exist or has been deleted.")
    for file in all_files(doc.body):
        if file["id"] == file_id:
            return doc, file
    raise RecordingNotFound("File does not exist or has been deleted.")


async def text_bytes(emu: Emulator, uuid: str, file_type: str) -> bytes:
    """A TRANSCRIPT, CHAT or TIMELINE file: as stored, or rendered again from its recipe."""
    content = await emu.store.get(CONTENT, uuid)
    if content is None:
        raise RecordingNotFound("File does not exist or has been deleted.")
    stored = (content.body.get("files") or {}).get(file_type)
    if stored is not None:
        return str(stored).encode()
    return media.render_text(file_type, from_recipe(content.body["recipe"]))


async def _stream(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


async def _spoken_file(emu: Emulator, uuid: str, file: dict[str, Any]) -> Path | None:
    """The rendered file of a spoken recording (a participant's: that speaker alone);
    None when its media is filler."""
    content = await emu.store.get(CONTENT, uuid)
    if content is None or content.body.get("media") != SPEECH:
        return None
    recipe = content.body["recipe"]
    speaker = (content.body.get("speakers") or {}).get(file["id"])
    if speaker is not None:
        recipe = {**recipe, spoken_media.ONLY: speaker}
    cache = spoken_media.cache_for(emu.settings.media_cache())
    return await cache.file(recipe, file["file_type"])


async def _file_range(path: Path, start: int, end: int) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        file.seek(start)
        position = start
        while position < end:
            chunk = await asyncio.to_thread(file.read, min(_READ_BYTES, end - position))
            if not chunk:
                return
            position += len(chunk)
            yield chunk


async def _media(
    emu: Emulator, doc: Doc, file: dict[str, Any], start: int, end: int
) -> AsyncIterator[bytes]:
    spoken = await _spoken_file(emu, doc.id, file)
    if spoken is not None:
        return _file_range(spoken, start, end)
    return _stream(media.media_chunks(file["id"], file["file_type"], start, end))


async def download(request: Request) -> Response:
    emu = emulator(request)
    account = await _account(request)
    doc, file = await _find(emu, account, path_param(request, "file_id"))
    size = int(file["file_size"])
    span = byte_range(request.headers.get("range"), size)
    start, end = span or (0, size)
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Length": str(end - start),
        "Content-Disposition": f'attachment; filename="{file_name(file)}"',
        "ETag": f'"{file["id"]}-{size}"',
    }
    if span is not None:
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
    status = 206 if span is not None else 200
    media_type = FILE_KINDS[file["file_type"]].content_type
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=media_type)
    if file["file_type"] in media.MEDIA_TYPES:
        body = await _media(emu, doc, file, start, end)
    else:
        body = _stream(iter([(await text_bytes(emu, doc.id, file["file_type"]))[start:end]]))
    return StreamingResponse(body, status, headers=headers, media_type=media_type)


routes = [
    Route("/rec/download/{file_id}", download, methods=["GET", "HEAD"]),
    Route("/rec/play/{file_id}", download, methods=["GET", "HEAD"]),
]
