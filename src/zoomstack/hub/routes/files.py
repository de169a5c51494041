"""Files behind signed links: no login, the signature is the permission."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from ..db.models import Recording
from ..deps import HubDep, SessionDep
from ..errors import NotFound
from ..storage import ObjectNotFound

router = APIRouter(tags=["files"])


@router.get("/files/{recording_id}", response_class=StreamingResponse)
async def signed_file(
    recording_id: str,
    expires: Annotated[int, Query()],
    signature: Annotated[str, Query(max_length=128)],
    session: SessionDep,
    hub: HubDep,
) -> StreamingResponse:
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
    }
    return StreamingResponse(
        hub.storage.open(recording.storage_key), media_type=recording.content_type, headers=headers
    )
