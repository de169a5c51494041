"""The first sync of `zoomstack up`: the demo account's upcoming meetings, its recent
cloud recordings, and the summaries made from their transcripts, with a progress bar.

It runs in the hub's own services (the same sync and intel jobs the server runs), on
the hub started by the stack, while both servers already answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select

from ..hub.auth.zoom_connect import ZoomConnector
from ..hub.db.meeting_models import InsightStatus, MeetingInsight
from ..hub.meetings.imports import import_upcoming
from ..hub.state import Hub
from ..hub.sync import Background, default_window, items
from .stack import Stack

POLL_SECONDS = 0.25
SETTLED = (InsightStatus.done.value, InsightStatus.failed.value)


@dataclass(frozen=True, slots=True)
class Counts:
    files: int = 0
    files_settled: int = 0
    files_failed: int = 0
    summaries: int = 0
    summaries_settled: int = 0
    listing: bool = True

    @property
    def finished(self) -> bool:
        return (
            not self.listing
            and self.files_settled >= self.files
            and (self.summaries_settled >= self.summaries)
        )


@dataclass(frozen=True, slots=True)
class Report:
    upcoming_imported: int
    counts: Counts


async def _insight_counts(hub: Hub, user_id: str) -> tuple[int, int]:
    query = select(MeetingInsight.status, func.count()).where(MeetingInsight.user_id == user_id)
    async with hub.db.sessions() as session:
        rows = (await session.execute(query.group_by(MeetingInsight.status))).all()
    total = sum(int(count) for _, count in rows)
    return total, sum(int(count) for status, count in rows if status in SETTLED)


async def counts(background: Background, run_id: str) -> Counts:
    run = await background.sync.run(run_id)
    async with background.hub.db.sessions() as session:
        files, _ = await items.run_totals(session, run_id=run_id)
        by_status = await items.status_counts(session, user_id=run.user_id, run_id=run_id)
    summaries, settled = await _insight_counts(background.hub, run.user_id)
    return Counts(
        files=files,
        files_settled=by_status["done"] + by_status["failed"],
        files_failed=by_status["failed"],
        summaries=summaries,
        summaries_settled=settled,
        listing=run.status == "listing",
    )


async def import_meetings(stack: Stack, owner: str) -> int:
    connector: ZoomConnector = stack.hub_app.state.zoom
    hub: Hub = stack.hub_app.state.hub
    client = await connector.client(owner)
    async with hub.db.sessions() as session:
        return await import_upcoming(session, zoom=client, user_id=owner)


async def initial_sync(
    stack: Stack, *, days: int, show: Callable[[Counts], None] = lambda _: None
) -> Report:
    """Import upcoming meetings, sync the last `days` of recordings, wait for the
    summaries of their transcripts; `show` sees the counts as they move."""
    background: Background = stack.hub_app.state.background
    owner = await background.sync.owner_id()
    imported = await import_meetings(stack, owner)
    start, end = default_window(days)
    run = await background.sync.start_run(user_id=owner, start=start, end=end)
    while not (now := await counts(background, run.id)).finished:
        show(now)
        await asyncio.sleep(POLL_SECONDS)
    show(now)
    return Report(imported, now)


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


async def initial_sync_with_bar(stack: Stack, *, days: int, console: Console) -> Report:
    with progress_bar(console) as bar:
        files = bar.add_task("recordings synced", total=None)
        summaries = bar.add_task("summaries made", total=None)

        def show(now: Counts) -> None:
            bar.update(files, total=now.files or None, completed=now.files_settled)
            bar.update(summaries, total=now.summaries or None, completed=now.summaries_settled)

        return await initial_sync(stack, days=days, show=show)
