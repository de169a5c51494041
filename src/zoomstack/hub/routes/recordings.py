"""The user's recordings: list, read, update, delete, and signed download links."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import RedirectResponse

from ..db.models import ProcessingStatus, Recording
from ..deps import CurrentUser, HubDep, SessionDep, TranscribeDep
from ..errors import Unprocessable
from ..recordings import service
from ..recordings.listing import RecordingFilters, list_recordings
from ..schemas.recordings import (
    DownloadLink,
    RecordingList,
    RecordingPublic,
    RecordingUpdate,
    TranscriptionPublic,
)
from ..transcribe import has_audio
from ..transcribe.store import for_recording

router = APIRouter(prefix="/recordings", tags=["recordings"])


@router.get("", response_model=RecordingList)
async def index(
    user: CurrentUser,
    session: SessionDep,
    page_size: Annotated[int, Query(ge=1, le=300)] = 30,
    next_page_token: Annotated[str, Query(max_length=500)] = "",
    meeting_id: Annotated[str | None, Query(max_length=64)] = None,
    file_type: Annotated[str | None, Query(max_length=16)] = None,
    processing_status: ProcessingStatus | None = None,
    source: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str | None, Query(max_length=200, description="in title or file name")] = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
) -> RecordingList:
    filters = RecordingFilters(
        meeting_id=meeting_id,
        file_type=file_type,
        processing_status=processing_status.value if processing_status else None,
        source=source,
        search=q,
        created_from=created_from,
        created_to=created_to,
    )
    page = await list_recordings(
        session, user_id=user.id, filters=filters, page_size=page_size, page_token=next_page_token
    )
    return RecordingList(
        page_size=page_size,
        next_page_token=page.next_page_token,
        total_records=page.total_records,
        recordings=[RecordingPublic.model_validate(row) for row in page.recordings],
    )


@router.get("/{recording_id}", response_model=RecordingPublic)
async def read(recording_id: str, user: CurrentUser, session: SessionDep) -> RecordingPublic:
    """The recording; for audio, how far the hub's transcription of it has got."""
    recording = await service.get_recording(session, user_id=user.id, recording_id=recording_id)
    return await _public(session, recording)


async def _public(session: SessionDep, recording: Recording) -> RecordingPublic:
    public = RecordingPublic.model_validate(recording)
    row = await for_recording(session, recording.recording_id)
    if row is not None:
        public.transcription = TranscriptionPublic.model_validate(row)
    return public


@router.post(
    "/{recording_id}/transcribe",
    response_model=TranscriptionPublic,
    status_code=status.HTTP_202_ACCEPTED,
)
async def transcribe(
    recording_id: str, user: CurrentUser, session: SessionDep, transcriber: TranscribeDep
) -> TranscriptionPublic:
    """Transcribe the recording's audio (again) as a job; one that failed or was cut
    short goes on after its last finished chunk."""
    recording = await service.get_recording(session, user_id=user.id, recording_id=recording_id)
    if not has_audio(recording):
        raise Unprocessable("The recording has no audio to transcribe.")
    row = await transcriber.request(recording)
    return TranscriptionPublic.model_validate(row)


@router.patch("/{recording_id}", response_model=RecordingPublic)
async def update(
    recording_id: str, body: RecordingUpdate, user: CurrentUser, session: SessionDep
) -> RecordingPublic:
    changes = body.model_dump(exclude_unset=True, mode="json")
    recording = await service.update_recording(
        session, user_id=user.id, recording_id=recording_id, changes=changes
    )
    return RecordingPublic.model_validate(recording)


@router.delete("/{recording_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(
    recording_id: str, user: CurrentUser, session: SessionDep, hub: HubDep
) -> Response:
    await service.delete_recording(session, hub.storage, user_id=user.id, recording_id=recording_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{recording_id}/download",
    response_model=DownloadLink,
    responses={307: {"description": "With redirect=true: to the signed URL"}},
)
async def download(
    recording_id: str,
    user: CurrentUser,
    session: SessionDep,
    hub: HubDep,
    redirect: bool = False,
) -> DownloadLink | RedirectResponse:
    """A signed URL for the file that expires; `redirect=true` answers 307 to it."""
    recording = await service.get_recording(session, user_id=user.id, recording_id=recording_id)
    link = await service.download_link(
        hub.storage,
        hub.signer,
        recording=recording,
        ttl=hub.download_ttl,
        presign=hub.settings.s3_presign,
    )
    if redirect:
        return RedirectResponse(link.url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)
    return DownloadLink(url=link.url, expires_at=link.expires_at)
