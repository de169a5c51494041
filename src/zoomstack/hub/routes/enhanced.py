"""/api/zoom/enhanced/*: Zoom's data on a meeting joined with the hub's, and the chat
command that answers with a meeting's summary."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from ..deps import CurrentUser, IntelDep, SessionDep, ZoomDep
from ..errors import NotFound
from ..insights import store as insights
from ..insights.views import summary_answer
from ..meetings import enhanced, store
from ..schemas.insights import SummaryAnswer, SummaryRequest
from ..schemas.zoom import ZoomMeetingsPublic, ZoomParticipantsPublic, ZoomRecordingsPublic

router = APIRouter(prefix="/api/zoom/enhanced", tags=["zoom"])
MeetingId = Annotated[str, Path(pattern=r"^\d{1,20}$", description="Zoom's meeting id")]
Limit = Annotated[int, Query(ge=1, le=1000, description="at most this many items")]


async def _visible(session: SessionDep, user_id: str, meeting_id: str) -> None:
    if not await store.visible(session, user_id=user_id, zoom_id=meeting_id):
        raise NotFound(f"No meeting {meeting_id}.")


@router.get("/users/{user_id}/meetings", response_model=ZoomMeetingsPublic)
async def user_meetings(
    user_id: Annotated[str, Path(max_length=320)],
    user: CurrentUser,
    session: SessionDep,
    zoom: ZoomDep,
    type: Annotated[str | None, Query(max_length=32)] = None,
    limit: Limit = 100,
) -> ZoomMeetingsPublic:
    """The Zoom user's meetings as Zoom lists them, each with the hub's part."""
    client = await zoom.client(user.id)
    await enhanced.check_zoom_user(client, user_id)
    items = await enhanced.zoom_meetings(client, user_id, type=type, limit=limit)
    ids = [str(item["id"]) for item in items]
    parts = await enhanced.hub_parts(session, user_id=user.id, zoom_ids=ids)
    meetings = [{**item, "hub": parts[str(item["id"])]} for item in items]
    return ZoomMeetingsPublic(user_id=user_id, total_records=len(meetings), meetings=meetings)


@router.get("/recordings/{meeting_id}", response_model=ZoomRecordingsPublic)
async def meeting_recordings(
    meeting_id: MeetingId, user: CurrentUser, session: SessionDep, zoom: ZoomDep
) -> ZoomRecordingsPublic:
    """Zoom's cloud recording of the meeting and the files the hub stored of it."""
    await _visible(session, user.id, meeting_id)
    client = await zoom.client(user.id)
    return ZoomRecordingsPublic(
        meeting_id=meeting_id,
        zoom=await enhanced.zoom_recording(client, meeting_id),
        stored=await enhanced.stored_files(session, user_id=user.id, meeting_id=meeting_id),
    )


@router.get("/participants/{meeting_id}", response_model=ZoomParticipantsPublic)
async def meeting_participants(
    meeting_id: MeetingId,
    user: CurrentUser,
    session: SessionDep,
    zoom: ZoomDep,
    limit: Limit = 300,
) -> ZoomParticipantsPublic:
    """Who attended the latest instance (Zoom), and how each spoke (the hub's insights)."""
    await _visible(session, user.id, meeting_id)
    copy = await store.find_meeting(session, user_id=user.id, zoom_id=meeting_id)
    instance = copy.uuid if copy is not None and copy.uuid else meeting_id
    client = await zoom.client(user.id)
    people = await enhanced.zoom_participants(client, instance, limit)
    row = await insights.for_meeting(session, user_id=user.id, meeting_id=meeting_id)
    speakers = (row.insights or {}).get("participants", []) if row is not None else []
    return ZoomParticipantsPublic(
        meeting_id=meeting_id, total_records=len(people), participants=people, speakers=speakers
    )


@router.post(
    "/chat/meeting-summary",
    response_model=SummaryAnswer,
    responses={202: {"description": "The summary is being made; ask again"}},
)
async def meeting_summary(
    body: SummaryRequest,
    user: CurrentUser,
    session: SessionDep,
    intel: IntelDep,
    response: Response,
) -> SummaryAnswer:
    """The meeting's summary, key points and action items as a chat answer."""
    meeting_id = body.meeting_id.strip()
    await _visible(session, user.id, meeting_id)
    row = await insights.for_meeting(session, user_id=user.id, meeting_id=meeting_id)
    if row is None or body.refresh:
        transcript = await insights.latest_transcript(
            session, user_id=user.id, meeting_id=meeting_id
        )
        if transcript is None:
            raise NotFound(f"Meeting {meeting_id} has no transcript in the hub yet.")
        row = await intel.request(transcript)
    answer = summary_answer(meeting_id, row, await _title(session, user.id, meeting_id))
    if answer.status in ("pending", "running"):
        response.status_code = status.HTTP_202_ACCEPTED
    return answer


async def _title(session: SessionDep, user_id: str, meeting_id: str) -> str:
    copy = await store.find_meeting(session, user_id=user_id, zoom_id=meeting_id)
    return copy.topic if copy is not None else ""
