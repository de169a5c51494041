"""The signed-in user's meetings: made, changed and cancelled in Zoom, kept in the hub."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from ..db.meeting_models import MeetingStatus
from ..deps import CurrentUser, RealtimeDep, SessionDep, ZoomDep
from ..meetings import actions, store
from ..schemas.meetings import MeetingCreate, MeetingList, MeetingPublic, MeetingUpdate

router = APIRouter(prefix="/api/meetings", tags=["meetings"])
MeetingId = Annotated[str, Path(pattern=r"^\d{1,20}$", description="Zoom's meeting id")]


@router.get("", response_model=MeetingList)
async def index(
    user: CurrentUser,
    session: SessionDep,
    page_size: Annotated[int, Query(ge=1, le=300)] = 30,
    next_page_token: Annotated[str, Query(max_length=500)] = "",
    only: Annotated[MeetingStatus | None, Query(alias="status")] = None,
) -> MeetingList:
    """The user's meetings, newest first; deleted ones only with `status=deleted`."""
    page = await store.list_meetings(
        session,
        user_id=user.id,
        status=only.value if only else None,
        page_size=page_size,
        page_token=next_page_token,
    )
    return MeetingList(
        page_size=page_size,
        next_page_token=page.next_page_token,
        total_records=page.total_records,
        meetings=[MeetingPublic.of(meeting) for meeting in page.meetings],
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=MeetingPublic)
async def create(
    body: MeetingCreate,
    user: CurrentUser,
    session: SessionDep,
    zoom: ZoomDep,
    realtime: RealtimeDep,
) -> MeetingPublic:
    client = await zoom.client(user.id)
    meeting = await actions.create_meeting(
        session, zoom=client, realtime=realtime, user_id=user.id, body=body.zoom_body()
    )
    return MeetingPublic.of(meeting)


@router.get("/{meeting_id}", response_model=MeetingPublic)
async def read(
    meeting_id: MeetingId,
    user: CurrentUser,
    session: SessionDep,
    zoom: ZoomDep,
    refresh: Annotated[bool, Query(description="read Zoom's copy first")] = False,
) -> MeetingPublic:
    meeting = await store.get_meeting(session, user_id=user.id, zoom_id=meeting_id)
    if refresh:
        client = await zoom.client(user.id)
        meeting = await actions.refresh_meeting(session, zoom=client, meeting=meeting)
    return MeetingPublic.of(meeting)


@router.put("/{meeting_id}", response_model=MeetingPublic)
async def update(
    meeting_id: MeetingId,
    body: MeetingUpdate,
    user: CurrentUser,
    session: SessionDep,
    zoom: ZoomDep,
    realtime: RealtimeDep,
) -> MeetingPublic:
    meeting = await store.get_meeting(session, user_id=user.id, zoom_id=meeting_id)
    client = await zoom.client(user.id)
    meeting = await actions.update_meeting(
        session, zoom=client, realtime=realtime, meeting=meeting, changes=body.zoom_body()
    )
    return MeetingPublic.of(meeting)


@router.delete("/{meeting_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(
    meeting_id: MeetingId,
    user: CurrentUser,
    session: SessionDep,
    zoom: ZoomDep,
    realtime: RealtimeDep,
) -> Response:
    meeting = await store.get_meeting(session, user_id=user.id, zoom_id=meeting_id)
    client = await zoom.client(user.id)
    await actions.cancel_meeting(session, zoom=client, realtime=realtime, meeting=meeting)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
