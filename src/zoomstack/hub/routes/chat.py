"""Chat commands over the scheduling services: /api/zoom/enhanced/chat/{commands,
meeting-status, join-meeting}. Domain outcomes (a clash, no match, a question back) are
answers, not errors: a chat client shows `reply` either way."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.meeting_models import Meeting
from ..db.models import User
from ..deps import IntelDep
from ..insights import IntelService
from ..insights import store as insights
from ..insights.views import summary_answer
from ..meetings import actions, store
from ..scheduling.chat import (
    Context,
    Reply,
    Summarizer,
    join_reply,
    meeting_named,
    run_command,
    status_reply,
)
from ..scheduling.references import meeting_ref
from ..schemas.chat import ChatAnswer, ChatCommand, MeetingQuery
from ..schemas.insights import SummaryAnswer
from ..schemas.meetings import MeetingPublic
from ..schemas.scheduling import ConflictPublic, ProposalPublic
from .scheduling import SchedulerDep, request_now

router = APIRouter(prefix="/api/zoom/enhanced/chat", tags=["chat"])


def summarizer(session: AsyncSession, user: User, intel: IntelService) -> Summarizer:
    """The meeting's insights as a chat answer, asking for them when there are none yet."""

    async def summarize(meeting: Meeting) -> SummaryAnswer:
        row = await insights.for_meeting(session, user_id=user.id, meeting_id=meeting.zoom_id)
        if row is None:
            transcript = await insights.latest_transcript(
                session, user_id=user.id, meeting_id=meeting.zoom_id
            )
            if transcript is None:
                message = f"{meeting.topic} has no transcript in the hub yet, so no summary."
                return SummaryAnswer(meeting_id=meeting.zoom_id, status="missing", message=message)
            row = await intel.request(transcript)
        return summary_answer(meeting.zoom_id, row, meeting.topic)

    return summarize


def _answer(reply: Reply, tz: str) -> ChatAnswer:
    return ChatAnswer(
        intent=reply.intent,
        action=reply.action,
        reply=reply.reply,
        question=reply.question,
        meeting=MeetingPublic.of(reply.meeting) if reply.meeting is not None else None,
        entries=reply.entries,
        proposals=[ProposalPublic.of(p, tz) for p in reply.proposals],
        conflicts=[ConflictPublic.of(b) for b in reply.conflicts],
        summary=reply.summary if isinstance(reply.summary, SummaryAnswer) else None,
        join_url=reply.join_url,
    )


@router.post("/commands", response_model=ChatAnswer)
async def commands(body: ChatCommand, scheduler: SchedulerDep, intel: IntelDep) -> ChatAnswer:
    """Do what the command asks, through the same services as the REST API; an unclear
    command gets a question back (`action` "clarify"), never a guessed action."""
    ctx = Context(
        scheduler,
        body.timezone,
        request_now(body.now, body.timezone),
        force=body.force,
        summarize=summarizer(scheduler.session, scheduler.user, intel),
    )
    return _answer(await run_command(ctx, body.command), body.timezone)


async def _meeting(ctx: Context, body: MeetingQuery, doing: str) -> Reply | Meeting:
    scheduler = ctx.scheduler
    if body.meeting_id is not None:
        return await store.get_meeting(
            scheduler.session, user_id=scheduler.user.id, zoom_id=body.meeting_id
        )
    ref = meeting_ref(body.meeting or "", ctx.now, ctx.timezone, past=False)
    return await meeting_named(ctx, ref, doing)


@router.post("/meeting-status", response_model=ChatAnswer)
async def meeting_status(body: MeetingQuery, scheduler: SchedulerDep) -> ChatAnswer:
    """Whether the meeting is waiting, in progress or over (`refresh`: as Zoom says now)."""
    ctx = Context(scheduler, body.timezone, request_now(body.now, body.timezone))
    found = await _meeting(ctx, body, "check")
    if isinstance(found, Reply):
        return _answer(found, body.timezone)
    if not body.refresh:
        return _answer(status_reply(ctx, found), body.timezone)
    found = await actions.refresh_meeting(
        scheduler.session, zoom=scheduler.booker().zoom, meeting=found
    )
    return _answer(status_reply(ctx, found, str(found.zoom.get("status") or "")), body.timezone)


@router.post("/join-meeting", response_model=ChatAnswer)
async def join_meeting(body: MeetingQuery, scheduler: SchedulerDep) -> ChatAnswer:
    """The meeting's join link."""
    ctx = Context(scheduler, body.timezone, request_now(body.now, body.timezone))
    found = await _meeting(ctx, body, "give the link of")
    if isinstance(found, Reply):
        return _answer(found, body.timezone)
    return _answer(join_reply(ctx, found), body.timezone)
