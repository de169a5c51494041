"""Cloud sync and folder ingest as jobs: start a run, wait for it, find lost work again.

A run lists the account's cloud recordings in a window (the LIST job), records one
sync item per file it does not have yet and sends a FETCH job for each as it goes. The
run is done once none of its items is pending or running. Everything a job needs is
read from the database by id, so any process sharing the database and the job queue
can do any part of it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import structlog
from sqlalchemy.exc import SQLAlchemyError

from ...zoom import ZoomClient
from ..auth.users import get_user_by_email
from ..db.sync_models import RunStatus, SyncRun
from ..jobs import JobEngine
from ..state import Hub
from . import cloud, items
from .context import SyncContext
from .fetch import Fetcher
from .items import FoundFile

log = structlog.get_logger("zoomstack.hub.sync")

LIST_JOB = "zoomstack.sync.list"
FETCH_JOB = "zoomstack.sync.fetch"
PROGRESS_EVERY = 50
FINISHED = (RunStatus.done.value, RunStatus.failed.value)


class SyncError(Exception):
    """The sync cannot start (no owner, Zoom not connected)."""


def default_window(lookback_days: int, today: date | None = None) -> tuple[date, date]:
    end = today or datetime.now(UTC).date()
    return end - timedelta(days=lookback_days), end


class SyncService:
    def __init__(self, hub: Hub, engine: JobEngine, *, zoom: ZoomClient | None) -> None:
        self.hub = hub
        self.engine = engine
        self.ctx = SyncContext(hub, zoom, asyncio.Semaphore(hub.settings.sync_concurrency))
        engine.register(LIST_JOB, self._list)
        engine.register(FETCH_JOB, Fetcher(self.ctx))

    @property
    def connected(self) -> bool:
        return self.ctx.zoom is not None

    async def owner_id(self) -> str:
        """The hub user that synced cloud recordings belong to (`sync_user`)."""
        email = self.hub.settings.sync_user or self.hub.settings.demo_email
        async with self.hub.db.sessions() as session:
            user = await get_user_by_email(session, email=email)
        if user is None:
            raise SyncError(f"no hub user {email!r} to own synced recordings (set sync_user)")
        return user.id

    async def start_run(
        self, *, user_id: str, start: date, end: date, retry_failed: bool = False
    ) -> SyncRun:
        """Record a run for the window and send its LIST job."""
        if not self.connected:
            raise SyncError("Zoom is not connected: set the hub's zoom_* settings")
        if start > end:
            raise SyncError(f"the window starts ({start}) after it ends ({end})")
        async with self.hub.db.sessions() as session:
            run = SyncRun(
                user_id=user_id,
                window_from=start,
                window_to=end,
                retry_failed=retry_failed,
                status=RunStatus.listing.value,
                files_found=0,
                files_queued=0,
            )
            session.add(run)
            await session.commit()
        await self.engine.send(LIST_JOB, run.id)
        return run

    async def _list(self, run_id: str) -> None:
        async with self.hub.db.sessions() as session:
            run = await session.get(SyncRun, run_id)
        if run is None or run.status != RunStatus.listing.value:
            return  # a duplicate message: the run was listed already
        try:
            found, queued = await self._walk(run)
        except asyncio.CancelledError:
            await asyncio.shield(self._end_listing(run_id, error="the listing was interrupted"))
            raise
        except Exception as exc:
            await self._end_listing(run_id, error=f"{type(exc).__name__}: {exc}")
            log.warning("sync_listing_failed", run_id=run_id, error=str(exc))
            return
        await self._end_listing(run_id, found=found, queued=queued)

    async def _walk(self, run: SyncRun) -> tuple[int, int]:
        assert self.ctx.zoom is not None
        found = queued = 0
        files = cloud.list_files(self.ctx.zoom, start=run.window_from, end=run.window_to)
        async for file in files:
            found += 1
            if await self.add(run.user_id, file, run_id=run.id, retry_failed=run.retry_failed):
                queued += 1
            if found % PROGRESS_EVERY == 0:
                await self._listed_so_far(run.id, found, queued)
        return found, queued

    async def _listed_so_far(self, run_id: str, found: int, queued: int) -> None:
        """Counts so far; also shows the reconcile pass that the listing is alive."""
        async with self.hub.db.sessions() as session:
            run = await session.get(SyncRun, run_id, populate_existing=True)
            if run is not None:
                run.files_found, run.files_queued = found, queued
                await session.commit()

    async def _end_listing(
        self, run_id: str, *, found: int = 0, queued: int = 0, error: str | None = None
    ) -> None:
        async with self.hub.db.sessions() as session:
            run = await session.get(SyncRun, run_id, populate_existing=True)
            assert run is not None
            run.files_found, run.files_queued, run.error = found, queued, error
            run.status = RunStatus.failed.value if error else RunStatus.fetching.value
            if error:
                run.finished_at = datetime.now(UTC)
            await session.commit()
            if not error:
                await items.settle_run(session, run_id=run_id)

    async def add(
        self,
        user_id: str,
        found: FoundFile,
        *,
        run_id: str | None = None,
        retry_failed: bool = False,
    ) -> bool:
        """Record a found file and send its FETCH job, unless it is stored or busy."""
        async with self.hub.db.sessions() as session:
            item = await items.add_item(
                session, user_id=user_id, found=found, run_id=run_id, retry_failed=retry_failed
            )
        if item is None:
            return False
        await self.send([item.id])
        return True

    async def send(self, item_ids: list[str]) -> None:
        async with self.hub.db.sessions() as session:
            await items.mark_sent(session, item_ids)
        for item_id in item_ids:
            await self.engine.send(FETCH_JOB, item_id)

    async def reconcile(self, *, min_age: timedelta | None = None) -> int:
        """Send jobs again for items that no job is working on; how many."""
        if min_age is None:
            min_age = timedelta(seconds=self.hub.settings.sync_lease_seconds)
        async with self.hub.db.sessions() as session:
            lost = await items.lost_items(session, min_age=min_age)
        if lost:
            log.info("sync_reconciled", items=len(lost))
            await self.send(lost)
        return len(lost)

    async def release_claims(self) -> int:
        """Once the engine has stopped: hand back what this process still holds, so the
        next hub (or another process) takes it at once instead of after the lease.

        A database out of reach must not stop the hub from stopping: the claims then
        run out with their lease and the next reconcile pass takes them.
        """
        try:
            async with self.hub.db.sessions() as session:
                released = await items.release_held(session, worker=self.ctx.worker)
        except (OSError, SQLAlchemyError) as exc:
            log.warning("sync_claims_not_released", error=str(exc))
            return 0
        if released:
            log.info("sync_claims_released", items=released)
        return released

    async def run(self, run_id: str) -> SyncRun:
        async with self.hub.db.sessions() as session:
            run = await session.get(SyncRun, run_id, populate_existing=True)
        if run is None:
            raise SyncError(f"no sync run {run_id}")
        return run

    async def wait(self, run_id: str, *, poll: float = 0.2) -> SyncRun:
        """The run once it is done or failed (its items all stored or failed)."""
        while True:
            run = await self.run(run_id)
            if run.status in FINISHED:
                return run
            await asyncio.sleep(poll)
