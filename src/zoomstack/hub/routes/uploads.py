"""Manual uploads of recordings and transcripts."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from ..db.models import Recording
from ..deps import CurrentUser, HubDep, SessionDep
from ..errors import BadRequest, HubError
from ..events import RECORDING_STORED, TRANSCRIPT_STORED, HubEvent
from ..insights import is_transcript
from ..recordings.uploads import receive_upload
from ..recordings.validation import KINDS
from ..schemas.recordings import RecordingPublic
from ..state import Hub

router = APIRouter(tags=["recordings"])

UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "meeting_title": {"type": "string", "maxLength": 300},
                    "meeting_id": {"type": "string", "maxLength": 64},
                    "meeting_uuid": {"type": "string", "maxLength": 128},
                },
            }
        }
    },
}


@router.post(
    "/upload/recording",
    status_code=status.HTTP_201_CREATED,
    response_model=RecordingPublic,
    openapi_extra={"requestBody": UPLOAD_BODY},
    description=f"One file ({' '.join(sorted(KINDS))}), streamed into storage.",
)
async def upload_recording(
    request: Request, user: CurrentUser, session: SessionDep, hub: HubDep
) -> RecordingPublic:
    try:
        recording = await receive_upload(
            session,
            hub.storage,
            user_id=user.id,
            content_type=request.headers.get("content-type", ""),
            content_length=_content_length(request),
            body=request.stream(),
            max_bytes=hub.settings.max_upload_bytes,
        )
    except HubError:
        hub.metrics.uploads.labels("refused").inc()
        raise
    hub.metrics.uploads.labels("stored").inc()
    hub.metrics.upload_bytes.inc(recording.file_size)
    await _announce(hub, recording)
    return RecordingPublic.model_validate(recording)


async def _announce(hub: Hub, recording: Recording) -> None:
    """Tell the hub's listeners, as the sync does: a transcript starts its insights."""
    data = {
        "recording_id": recording.recording_id,
        "source": recording.source,
        "file_type": recording.file_type,
        "meeting_id": recording.meeting_id,
    }
    await hub.events.publish(HubEvent(RECORDING_STORED, recording.user_id, data))
    if is_transcript(recording):
        await hub.events.publish(HubEvent(TRANSCRIPT_STORED, recording.user_id, data))


def _content_length(request: Request) -> int | None:
    value = request.headers.get("content-length")
    if value is None:
        return None
    if not value.isdigit():
        raise BadRequest("Invalid Content-Length.")
    return int(value)
