"""One meeting's page: what it is, who spoke, its recordings, transcript, summary,
decisions and action items; and what can be done with it (edit, cancel, hold it now,
tick action items off, make the summary again)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from ..deps import HubDep, SessionDep
from ..errors import HubError, NotFound
from ..insights import store as insights
from ..meetings import enhanced, store
from ..scheduling import booking
from ..scheduling.moves import Change, change_meeting
from ..scheduling.zones import zone_named
from . import actions, views
from .common import back_to, realtime_of, scheduler_for, wants_json, zoom_of
from .layout import speaking_bars
from .session import PostingViewer, Viewer, ViewerDep
from .templating import page

router = APIRouter(prefix="/app/meetings", include_in_schema=False)
MeetingId = Annotated[str, Path(pattern=r"^\d{1,20}$")]
ZOOM_LOOKUP_SECONDS = 3.0
MOST_ATTENDEES = 100


async def _attendees(request: Request, viewer: Viewer, detail: views.MeetingDetail) -> list[Any]:
    """Who attended, as Zoom lists it; nothing when Zoom is slow or away (the page
    still shows who spoke, from the transcript)."""
    meeting = detail.meeting
    instance = meeting.uuid if meeting is not None and meeting.uuid else detail.zoom_id
    with contextlib.suppress(Exception):
        async with asyncio.timeout(ZOOM_LOOKUP_SECONDS):
            client = await zoom_of(request).client(viewer.user.id)
            return await enhanced.zoom_participants(client, instance, MOST_ATTENDEES)
    return []


async def _detail(
    request: Request, session: SessionDep, hub: HubDep, viewer: Viewer, meeting_id: str
) -> views.MeetingDetail:
    uid = viewer.user.id
    if not await store.visible(session, user_id=uid, zoom_id=meeting_id):
        raise NotFound(f"No meeting {meeting_id}.")
    copy = await store.find_meeting(session, user_id=uid, zoom_id=meeting_id)
    files = await views.stored_files(session, hub, user_id=uid, zoom_id=meeting_id)
    detail = views.detail_of(copy, meeting_id, files)
    detail.insight = await insights.for_meeting(session, user_id=uid, meeting_id=meeting_id)
    return detail


@router.get("/{meeting_id}", response_class=HTMLResponse)
async def meeting(
    request: Request, meeting_id: MeetingId, viewer: ViewerDep, session: SessionDep, hub: HubDep
) -> HTMLResponse:
    try:
        detail = await _detail(request, session, hub, viewer, meeting_id)
    except NotFound as exc:
        return page(request, "missing.html", viewer, status_code=404, message=exc.message)
    return page(
        request, "meeting.html", viewer, m=detail, data=detail.insights,
        bars=speaking_bars(detail.insights.get("participants", [])),
        attendees=await _attendees(request, viewer, detail),
        can_simulate=bool(hub.settings.emulator_url) and detail.meeting is not None,
    )  # fmt: skip


def _here(meeting_id: str) -> str:
    return f"/app/meetings/{meeting_id}"


@router.post("/{meeting_id}/edit")
async def edit(
    request: Request,
    meeting_id: MeetingId,
    viewer: PostingViewer,
    session: SessionDep,
    topic: Annotated[str, Form(min_length=1, max_length=200)],
    start: Annotated[str, Form(max_length=40)],
    duration: Annotated[int, Form(ge=1, le=24 * 60)],
    force: Annotated[bool, Form()] = False,
) -> Response:
    """Change topic, time or length through the scheduler (clashes are refused)."""
    tz = viewer.timezone
    try:
        moment = datetime.fromisoformat(start)
        found = await store.get_meeting(session, user_id=viewer.user.id, zoom_id=meeting_id)
        asked = Change(
            topic=topic, start=moment if moment.tzinfo else moment.replace(tzinfo=zone_named(tz)),
            duration=duration, timezone=tz, force=force,
        )  # fmt: skip
        scheduler = await scheduler_for(request, session, viewer)
        await change_meeting(scheduler, found, asked, datetime.now(zone_named(tz)))
    except (HubError, ValueError) as exc:
        message = exc.message if isinstance(exc, HubError) else f"Not a time: {start}"
        return back_to(_here(meeting_id), error=message)
    return back_to(_here(meeting_id), notice="Meeting updated.")


@router.post("/{meeting_id}/cancel")
async def cancel(
    request: Request, meeting_id: MeetingId, viewer: PostingViewer, session: SessionDep
) -> Response:
    try:
        found = await store.get_meeting(session, user_id=viewer.user.id, zoom_id=meeting_id)
        scheduler = await scheduler_for(request, session, viewer)
        await booking.cancel(scheduler.booker(), found)
    except HubError as exc:
        return back_to(_here(meeting_id), error=exc.message)
    return back_to("/app/meetings", notice=f"Cancelled “{found.topic}”.")


@router.post("/{meeting_id}/simulate")
async def simulate(
    meeting_id: MeetingId, viewer: PostingViewer, session: SessionDep, hub: HubDep
) -> Response:
    """Hold the meeting now in the emulator; its results arrive over webhooks."""
    try:
        found = await store.get_meeting(session, user_id=viewer.user.id, zoom_id=meeting_id)
        await actions.simulate_meeting(hub, meeting_id, minutes=min(found.duration or 5, 5))
    except HubError as exc:
        return back_to(_here(meeting_id), error=exc.message)
    notice = "The meeting took place: its recording and summary will appear here shortly."
    return back_to(_here(meeting_id), notice=notice)


@router.post("/{meeting_id}/actions/{index}")
async def action_item(
    request: Request,
    meeting_id: MeetingId,
    index: Annotated[int, Path(ge=0, le=10_000)],
    viewer: PostingViewer,
    session: SessionDep,
    done: Annotated[bool, Form()] = False,
) -> Response:
    try:
        item = await actions.mark_action_item(
            session, realtime_of(request), user_id=viewer.user.id,
            meeting_id=meeting_id, index=index, done=done,
        )  # fmt: skip
    except HubError as exc:
        if wants_json(request):
            return JSONResponse({"message": exc.message}, status_code=exc.status_code)
        return back_to(_here(meeting_id), error=exc.message)
    if wants_json(request):
        return JSONResponse({"index": index, "done": bool(item.get("done"))})
    return back_to(_here(meeting_id))


@router.post("/{meeting_id}/insights")
async def make_insights(
    request: Request, meeting_id: MeetingId, viewer: PostingViewer, session: SessionDep
) -> Response:
    uid = viewer.user.id
    transcript = await insights.latest_transcript(session, user_id=uid, meeting_id=meeting_id)
    if transcript is None:
        return back_to(_here(meeting_id), error="The meeting has no transcript in the hub yet.")
    await request.app.state.intel.request(transcript)
    return back_to(_here(meeting_id), notice="The summary is being made again.")
