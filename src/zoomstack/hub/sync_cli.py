"""`zoomstack sync` and `zoomstack watch`: the hub's sync and folder watcher, run here.

Both run the same jobs as the hub server, on the same database, so a sync started
here and one running in the server never fetch the same file twice (items are
claimed). Heavy imports happen inside the commands, so `zoomstack --help` stays quick.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import eventloop
from ..config import HubSettings
from .commands import DbOption, settings_with

if TYPE_CHECKING:
    from .sync import Background

POLL_SECONDS = 0.2


def sync(
    from_: Annotated[
        datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="first day (default: lookback)"),
    ] = None,
    to: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="last day (default: today)")
    ] = None,
    retry_failed: Annotated[bool, typer.Option(help="also retry files that failed")] = False,
    db: DbOption = "",
    json_out: Annotated[bool, typer.Option("--json", help="one JSON object, no bar")] = False,
) -> None:
    """Sync the Zoom account's cloud recordings into storage (resumes where one stopped)."""
    settings = settings_with(db=db)
    start = from_.date() if from_ else None
    end = to.date() if to else None
    raise typer.Exit(eventloop.run(_sync(settings, start, end, retry_failed, json_out)))


async def _sync(
    settings: HubSettings, start: date | None, end: date | None, retry: bool, json_out: bool
) -> int:
    from .state import open_hub
    from .sync import Background, SyncError, default_window

    hub = await open_hub(settings)
    try:
        background = await Background.start(hub, periodic=False)
        try:
            first, last = default_window(settings.sync_lookback_days)
            owner = await background.sync.owner_id()
            began = time.monotonic()
            run = await background.sync.start_run(
                user_id=owner, start=start or first, end=end or last, retry_failed=retry
            )
            await _follow(background, run.id, bar=not json_out)
            report = await _report(background, run.id)
            report["seconds"] = round(time.monotonic() - began, 3)
        except SyncError as exc:
            typer.echo(f"error: {exc}", err=True)
            return 2
        finally:
            await background.stop()
    finally:
        await hub.close()
    _print_report(report, json_out)
    return 0 if report["status"] == "done" and not report["failed"] else 1


async def _follow(background: Background, run_id: str, *, bar: bool) -> None:
    from rich.console import Console
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    from .sync import items

    sync = background.sync
    columns = (*Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=Console(stderr=True), disable=not bar) as progress:
        task = progress.add_task("listing", total=None)
        while (run := await sync.run(run_id)).status not in ("done", "failed"):
            if not bar:  # nothing shows the counts: only the run's end is awaited
                await asyncio.sleep(POLL_SECONDS)
                continue
            async with background.hub.db.sessions() as session:
                files, size = await items.run_totals(session, run_id=run_id)
                counts = await items.status_counts(session, user_id=run.user_id, run_id=run_id)
            settled = counts["done"] + counts["failed"]
            moved = min(sync.ctx.bytes_moved, size)
            progress.update(task, description=f"{run.status} {settled}/{files} files",
                            total=size or None, completed=moved)  # fmt: skip
            await asyncio.sleep(POLL_SECONDS)


async def _report(background: Background, run_id: str) -> dict[str, Any]:
    from sqlalchemy import select

    from .db.sync_models import SyncItem
    from .sync import items

    run = await background.sync.run(run_id)
    async with background.hub.db.sessions() as session:
        counts = await items.status_counts(session, user_id=run.user_id, run_id=run_id)
        query = select(SyncItem).where(SyncItem.run_id == run_id, SyncItem.status == "failed")
        failed = list(await session.scalars(query))
    return {
        "run_id": run.id,
        "status": run.status,
        "from": run.window_from.isoformat(),
        "to": run.window_to.isoformat(),
        "files_found": run.files_found,
        "files_queued": run.files_queued,
        "stored": counts["done"],
        "bytes": background.sync.ctx.bytes_moved,
        "error": run.error,
        "failed": [{"file": i.external_id, "reason": i.last_error} for i in failed],
    }


def _print_report(report: dict[str, Any], json_out: bool) -> None:
    if json_out:
        typer.echo(json.dumps(report))
        return
    typer.echo(
        f"sync {report['status']}: {report['files_found']} files found, "
        f"{report['files_queued']} new, {report['stored']} stored "
        f"({report['bytes'] / 1e6:.1f} MB in {report['seconds']:.1f} s), "
        f"{len(report['failed'])} failed"
    )
    if report["error"]:
        typer.echo(f"  error: {report['error']}")
    for failure in report["failed"]:
        typer.echo(f"  failed {failure['file']}: {failure['reason']}")


def watch(
    path: Annotated[Path | None, typer.Argument(help="folder to watch (default ~/Zoom)")] = None,
    user: Annotated[str, typer.Option(help="hub user (email) the files belong to")] = "",
    db: DbOption = "",
) -> None:
    """Watch a local Zoom recordings folder; store each finished recording once (Ctrl-C stops)."""
    # The cloud sync is left to `zoomstack sync` and the server.
    settings = settings_with(db=db, sync_interval_seconds=0, watch_on_start=False)
    with contextlib.suppress(KeyboardInterrupt):
        eventloop.run(_watch(settings, path or settings.watch_path, user))


async def _watch(settings: HubSettings, path: Path, email: str) -> None:
    from .auth.users import get_user_by_email
    from .events import RECORDING_STORED, HubEvent
    from .state import open_hub
    from .sync import Background, SyncError, WatchError

    async def stored(event: HubEvent) -> None:
        if event.name == RECORDING_STORED:
            typer.echo(f"stored {event.data['external_id']} ({event.data['recording_id']})")

    hub = await open_hub(settings)
    background = await Background.start(hub)
    hub.events.subscribe(stored)
    try:
        async with hub.db.sessions() as session:
            user = await get_user_by_email(session, email=email) if email else None
        if email and user is None:
            raise SyncError(f"no hub user {email!r}")
        owner = user.id if user else await background.sync.owner_id()
        await background.watcher.start(path, user_id=owner)
        typer.echo(f"watching {background.watcher.path} (Ctrl-C stops)", err=True)
        await asyncio.Event().wait()
    except (SyncError, WatchError) as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    finally:
        await background.stop()
        await hub.close()
