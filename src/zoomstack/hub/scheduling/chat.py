"""Chat commands: a sentence to an intent (`intents.parse_intent`), the intent to the same
services the REST routes use, and the answer as a sentence with its data.

Nothing is done on a guess: an intent that is unclear, a reference that fits no meeting or
several, or a time for one occurrence of a recurring meeting gets a question back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ..db.meeting_models import Meeting
from ..errors import NotFound, Unprocessable
from ..meetings import store
from .agenda import calendar_entries
from .availability import Busy
from .booking import ScheduleConflict, cancel
from .entries import Entry
from .intents import Intent, IntentKind, parse_intent
from .matching import find_meetings
from .moves import Change, change_meeting
from .planner import Proposal
from .references import MeetingRef
from .scheduler import Request, Scheduler, schedule
from .zones import zone_named

Action = Literal[
    "booked",
    "proposed",
    "cancelled",
    "moved",
    "listed",
    "summary",
    "join_link",
    "status",
    "clarify",
    "conflict",
    "not_found",
]
Summarizer = Callable[[Meeting], Awaitable[Any]]


@dataclass(slots=True)
class Reply:
    intent: str
    action: Action
    reply: str
    question: str | None = None
    meeting: Meeting | None = None
    entries: list[Entry] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    conflicts: list[Busy] = field(default_factory=list)
    summary: Any = None
    join_url: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    scheduler: Scheduler
    timezone: str
    now: datetime
    force: bool = False
    summarize: Summarizer | None = None

    def when(self, moment: datetime) -> str:
        local = moment.astimezone(zone_named(self.timezone))
        return f"{local:%a %b} {local.day}, {local:%I:%M %p}".replace(", 0", ", ")


def _ask(intent: Intent, question: str, **extra: Any) -> Reply:
    return Reply(intent.kind, "clarify", question, question=question, **extra)


def _listing(ctx: Context, entries: Sequence[Entry]) -> str:
    return "; ".join(f"{e.title or 'Untitled'} ({ctx.when(e.start)})" for e in entries)


def _which(ctx: Context, intent: Intent, entries: list[Entry], doing: str) -> Reply:
    return _ask(
        intent, f"Which meeting should I {doing}: {_listing(ctx, entries)}?", entries=entries
    )


async def _target(
    ctx: Context, intent: Intent, ref: MeetingRef, doing: str, *, past: bool = False
) -> Reply | Meeting:
    """The one meeting `ref` points at, or the reply that says why there is not one."""
    found = await find_meetings(ctx.scheduler, ref, ctx.now, past=past)
    if not found:
        return Reply(intent.kind, "not_found", f"I found no meeting matching '{ref.text}'.")
    if len(found) > 1:
        return _which(ctx, intent, found, doing)
    try:
        meeting = await store.get_meeting(
            ctx.scheduler.session, user_id=ctx.scheduler.user.id, zoom_id=found[0].meeting_id or ""
        )
    except NotFound:
        return Reply(
            intent.kind, "not_found", f"'{found[0].title}' is not a meeting the hub keeps."
        )
    if found[0].recurring and (ref.at or ref.window) and doing in ("cancel", "move"):
        return _ask(
            intent,
            f"{meeting.topic} repeats, and I can only {doing} the whole series. "
            f"Should I {doing} every {meeting.topic}? Say '{doing} the {meeting.topic} series'.",
            entries=found,
        )
    return meeting


async def _schedule(ctx: Context, intent: Intent) -> Reply:
    assert intent.when is not None
    request = Request(text=intent.when.text, timezone=ctx.timezone, now=ctx.now, force=ctx.force)
    try:
        outcome = await schedule(ctx.scheduler, request)
    except ScheduleConflict as exc:
        return _conflict(ctx, intent, exc)
    except Unprocessable as exc:  # a time gone by, a recurrence Zoom has no form for
        return _ask(intent, exc.message)
    plan = outcome.plan
    if outcome.status == "booked" and outcome.meeting is not None:
        start = ctx.when(plan.proposals[0].start)
        reply = f"Booked {plan.topic} on {start}."
        return Reply(
            intent.kind, "booked", reply, meeting=outcome.meeting, proposals=plan.proposals
        )
    options = ", ".join(ctx.when(p.start) for p in plan.proposals) or "none"
    question = plan.question or f"Which time should I book? Free: {options}."
    if plan.proposals and plan.question:
        question = f"{plan.question} Free: {options}."
    return _ask(intent, question, proposals=plan.proposals)


def _conflict(ctx: Context, intent: Intent, exc: ScheduleConflict) -> Reply:
    clashes = ", ".join(
        f"{b.attendee} ({b.title or 'busy'}, {ctx.when(b.start)})" for b in exc.conflicts
    )
    free = ", ".join(ctx.when(p.start) for p in exc.alternatives)
    reply = f"That time clashes with {clashes}." + (f" Free instead: {free}." if free else "")
    return Reply(
        intent.kind,
        "conflict",
        reply,
        question="Pick another time, or say it again with force to book anyway.",
        conflicts=exc.conflicts,
        proposals=exc.alternatives,
    )


async def _cancel(ctx: Context, intent: Intent) -> Reply:
    assert intent.meeting is not None
    target = await _target(ctx, intent, intent.meeting, "cancel")
    if isinstance(target, Reply):
        return target
    await cancel(ctx.scheduler.booker(), target)
    reply = f"Cancelled {target.topic}" + (
        f" ({ctx.when(target.start_time)})." if target.start_time else "."
    )
    return Reply(intent.kind, "cancelled", reply, meeting=target)


async def _move(ctx: Context, intent: Intent) -> Reply:
    assert intent.meeting is not None and intent.when is not None
    target = await _target(ctx, intent, intent.meeting, "move")
    if isinstance(target, Reply):
        return target
    when = intent.when
    asked = Change(
        start=when.start,
        duration=when.duration_minutes if when.duration_explicit else None,
        timezone=ctx.timezone,
        force=ctx.force,
    )
    try:
        meeting, _ = await change_meeting(ctx.scheduler, target, asked, ctx.now)
    except ScheduleConflict as exc:
        return _conflict(ctx, intent, exc)
    assert meeting.start_time is not None
    reply = f"Moved {meeting.topic} to {ctx.when(meeting.start_time)}."
    return Reply(intent.kind, "moved", reply, meeting=meeting)


async def _agenda(ctx: Context, intent: Intent) -> Reply:
    assert intent.window is not None
    window = intent.window
    entries = await calendar_entries(
        ctx.scheduler.session,
        user_ids=[ctx.scheduler.user.id],
        start=window.earliest,
        end=window.latest,
    )
    day = f"{window.earliest.astimezone(zone_named(ctx.timezone)):%A %b} {window.earliest.day}"
    if not entries:
        return Reply(intent.kind, "listed", f"Nothing on your calendar for {day}.")
    count = f"{len(entries)} thing{'s' if len(entries) != 1 else ''}"
    return Reply(
        intent.kind, "listed", f"{count} for {day}: {_listing(ctx, entries)}.", entries=entries
    )


async def _summary(ctx: Context, intent: Intent) -> Reply:
    assert intent.meeting is not None
    target = await _target(ctx, intent, intent.meeting, "summarize", past=True)
    if isinstance(target, Reply):
        return target
    if ctx.summarize is None:
        return Reply(intent.kind, "not_found", "Summaries are not available on this hub.")
    answer = await ctx.summarize(target)
    message = getattr(answer, "message", str(answer))
    return Reply(intent.kind, "summary", message, meeting=target, summary=answer)


async def _join(ctx: Context, intent: Intent) -> Reply:
    assert intent.meeting is not None
    target = await _target(ctx, intent, intent.meeting, "give the link of")
    if isinstance(target, Reply):
        return target
    return join_reply(ctx, target, intent.kind)


def join_reply(ctx: Context, meeting: Meeting, intent: str = "join_link") -> Reply:
    when = f" ({ctx.when(meeting.start_time)})" if meeting.start_time else ""
    reply = f"Join {meeting.topic}{when}: {meeting.join_url}"
    return Reply(intent, "join_link", reply, meeting=meeting, join_url=meeting.join_url or None)


def status_reply(ctx: Context, meeting: Meeting, status: str | None = None) -> Reply:
    """Where the meeting stands: waiting to start, in progress or ended (`status`: as Zoom
    last said, else as the hub's copy says)."""
    status = status or meeting.status
    if status == "started":
        since = f" since {ctx.when(meeting.started_at)}" if meeting.started_at else ""
        text = f"{meeting.topic} is in progress{since}."
    elif status in ("ended", "finished"):
        ended = f" at {ctx.when(meeting.ended_at)}" if meeting.ended_at else ""
        text = f"{meeting.topic} ended{ended}."
    elif meeting.start_time is not None:
        text = f"{meeting.topic} has not started; it is set for {ctx.when(meeting.start_time)}."
    else:
        text = f"{meeting.topic} has not started."
    return Reply("status", "status", text, meeting=meeting, join_url=meeting.join_url or None)


_HANDLERS: dict[IntentKind, Callable[[Context, Intent], Awaitable[Reply]]] = {
    IntentKind.schedule: _schedule,
    IntentKind.cancel: _cancel,
    IntentKind.reschedule: _move,
    IntentKind.agenda: _agenda,
    IntentKind.summary: _summary,
    IntentKind.join_link: _join,
}


async def run_command(ctx: Context, text: str) -> Reply:
    """Do what the command asks, or ask back what it leaves unclear."""
    intent = parse_intent(text, ctx.now, ctx.timezone)
    handler = _HANDLERS.get(intent.kind)
    if handler is None:
        return _ask(intent, intent.question or "What would you like to do?")
    return await handler(ctx, intent)


async def meeting_named(ctx: Context, ref: MeetingRef, doing: str) -> Reply | Meeting:
    """The meeting a /chat/meeting-status or /chat/join-meeting request names."""
    intent = Intent(kind=IntentKind.join_link, text=ref.text)
    if ref.vague:
        return _ask(intent, f"Which meeting should I {doing}? Give its time or its name.")
    return await _target(ctx, intent, ref, doing)
