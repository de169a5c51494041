"""A meeting's insights: read them, or have them made again from its transcript."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from ..deps import CurrentUser, IntelDep, SessionDep
from ..errors import NotFound
from ..insights import store as insights
from ..insights.views import public
from ..meetings import store as meetings
from ..schemas.insights import InsightsPublic

router = APIRouter(tags=["insights"])
MeetingId = Annotated[str, Path(pattern=r"^\d{1,20}$", description="Zoom's meeting id")]


@router.get("/meetings/{meeting_id}/insights", response_model=InsightsPublic)
@router.get("/api/meetings/{meeting_id}/insights", response_model=InsightsPublic)
async def read(meeting_id: MeetingId, user: CurrentUser, session: SessionDep) -> InsightsPublic:
    """The insights of the meeting's latest transcript (status says if they are ready)."""
    if not await meetings.visible(session, user_id=user.id, zoom_id=meeting_id):
        raise NotFound(f"No meeting {meeting_id}.")
    row = await insights.for_meeting(session, user_id=user.id, meeting_id=meeting_id)
    if row is None:
        raise NotFound(f"No insights for meeting {meeting_id} yet: it has no transcript.")
    return public(row)


@router.post(
    "/meetings/{meeting_id}/insights",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=InsightsPublic,
)
@router.post(
    "/api/meetings/{meeting_id}/insights",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=InsightsPublic,
)
async def rerun(
    meeting_id: MeetingId, user: CurrentUser, session: SessionDep, intel: IntelDep
) -> InsightsPublic:
    """Make the insights again from the meeting's latest transcript, as a job."""
    if not await meetings.visible(session, user_id=user.id, zoom_id=meeting_id):
        raise NotFound(f"No meeting {meeting_id}.")
    transcript = await insights.latest_transcript(session, user_id=user.id, meeting_id=meeting_id)
    if transcript is None:
        raise NotFound(f"Meeting {meeting_id} has no transcript in the hub yet.")
    return public(await intel.request(transcript))
