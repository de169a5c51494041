"""Manual uploads: one multipart request, streamed into storage, one recording row."""

from __future__ import annotations

from collections.abc import AsyncIterator

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.base import new_id
from ..db.models import Recording
from ..errors import PayloadTooLarge, Unprocessable
from ..storage import Storage
from .multipart import FilePart, MultipartReader
from .service import RecordingInfo, save_recording, store_recording_file
from .validation import checked, file_kind, sanitize_filename

FILE_FIELD = "file"
# Room for the multipart framing and the small fields around the file.
ENVELOPE_BYTES = 1024 * 1024


class UploadFields(BaseModel):
    """The optional form fields that describe an uploaded file."""

    meeting_title: str = Field(default="", max_length=300)
    meeting_id: str | None = Field(default=None, max_length=64)
    meeting_uuid: str | None = Field(default=None, max_length=128)


async def receive_upload(
    session: AsyncSession,
    storage: Storage,
    *,
    user_id: str,
    content_type: str,
    content_length: int | None,
    body: AsyncIterator[bytes],
    max_bytes: int,
) -> Recording:
    """Check, stream and record one uploaded file; a refused file leaves nothing behind."""
    if content_length is not None and content_length > max_bytes + ENVELOPE_BYTES:
        raise PayloadTooLarge(
            f"The upload is larger than the limit of {max_bytes} bytes.", {"max_bytes": max_bytes}
        )
    reader = MultipartReader(content_type, body)
    part = await _file_part(reader)
    file_name = sanitize_filename(part.filename)
    kind = file_kind(file_name, part.content_type)
    recording_id = new_id()
    stored = await store_recording_file(
        storage,
        user_id=user_id,
        recording_id=recording_id,
        file_name=file_name,
        chunks=checked(part.chunks, kind=kind, max_bytes=max_bytes),
    )
    try:
        await reader.finish()
        fields = _fields(reader.fields)
    except BaseException:
        await storage.delete(stored.key)
        raise
    info = RecordingInfo(
        file_name=file_name,
        file_type=kind.extension.lstrip(".").upper(),
        content_type=kind.content_type,
        source="upload",
        **fields.model_dump(),
    )
    return await save_recording(
        session, storage, user_id=user_id, recording_id=recording_id, info=info, stored=stored
    )


async def _file_part(reader: MultipartReader) -> FilePart:
    part = await reader.next_file()
    if part is None or part.field != FILE_FIELD:
        raise Unprocessable(f"Send the file in a multipart part named {FILE_FIELD!r}.")
    if not part.filename:
        raise Unprocessable("The file part has no file name.")
    return part


def _fields(raw: dict[str, str]) -> UploadFields:
    try:
        return UploadFields.model_validate(raw)
    except ValidationError as exc:
        problems = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        raise Unprocessable("Invalid form fields.", problems) from None
