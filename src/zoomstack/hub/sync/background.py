"""The hub's background work, started with it: the job engine, the sync, the reconcile
pass (at start, then periodically), the periodic cloud sync, and the folder watcher."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import structlog
from sqlalchemy import select, update

from ...config import HubSettings
from ...zoom import ZoomClient
from ..db.sync_models import RunStatus, SyncRun
from ..jobs import JobEngine
from ..state import Hub
from . import items
from .service import LIST_JOB, SyncError, SyncService, default_window
from .watcher import FolderWatcher, WatchError

log = structlog.get_logger("zoomstack.hub.sync")


def connect_zoom(
    settings: HubSettings, transport: httpx.AsyncBaseTransport | None = None
) -> ZoomClient | None:
    """A Server-to-Server client for the configured account; None if none is configured."""
    if not settings.zoom_connected():
        return None
    return ZoomClient.server_to_server(
        account_id=settings.zoom_account_id,
        client_id=settings.zoom_client_id,
        client_secret=settings.zoom_client_secret.get_secret_value(),
        token_url=settings.zoom_oauth_url(),
        base_url=settings.zoom_api_url,
        transport=transport,
        timeout=httpx.Timeout(60.0, connect=10.0),
    )


@dataclass(slots=True)
class Background:
    hub: Hub
    engine: JobEngine
    sync: SyncService
    watcher: FolderWatcher
    zoom: ZoomClient | None
    watch_path: Path
    loops: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    async def start(
        cls,
        hub: Hub,
        *,
        zoom_transport: httpx.AsyncBaseTransport | None = None,
        periodic: bool = True,
    ) -> Background:
        """Start the engine and find lost work; with `periodic`, the timed loops too."""
        settings = hub.settings
        engine = JobEngine.from_url(
            settings.jobs_url,
            max_retries=settings.sync_max_attempts,
            concurrency=settings.sync_concurrency,
        )
        zoom = connect_zoom(settings, zoom_transport)
        sync = SyncService(hub, engine, zoom=zoom)
        watcher = FolderWatcher(sync, settle_seconds=settings.watch_settle_seconds)
        background = cls(hub, engine, sync, watcher, zoom, settings.watch_path)
        await engine.start()
        await background.reconcile(at_start=True)
        if periodic:
            background.start_loops()
        return background

    def start_loops(self) -> None:
        settings = self.hub.settings
        self._every(settings.reconcile_interval_seconds, self.reconcile)
        if self.zoom is not None and settings.sync_interval_seconds > 0:
            self._every(settings.sync_interval_seconds, self.periodic_sync)
        if settings.watch_on_start:
            self.loops.append(asyncio.create_task(self._watch_at_start()))

    def _every(self, seconds: float, work: Callable[[], Awaitable[object]]) -> None:
        async def loop() -> None:
            while True:
                await asyncio.sleep(seconds)
                try:
                    await work()
                except Exception:
                    log.exception("background_work_failed", work=work.__name__)

        self.loops.append(asyncio.create_task(loop()))

    async def reconcile(self, *, at_start: bool = False) -> int:
        """List again runs whose listing was lost, settle finished ones, resend lost items."""
        lease = timedelta(seconds=self.hub.settings.sync_lease_seconds)
        # At start, an in-process queue is empty: nothing sent earlier can still come.
        fresh = at_start and self.engine.in_process
        await self._resume_listings(timedelta(0) if fresh else lease)
        await self._settle_runs()
        return await self.sync.reconcile(min_age=timedelta(0) if fresh else lease)

    async def _resume_listings(self, lease: timedelta) -> None:
        """Send the LIST job again for runs whose listing no process is doing (it died
        mid-way). Listing again is safe: files already stored or queued are skipped."""
        now = datetime.now(UTC)
        async with self.hub.db.sessions() as session:
            query = select(SyncRun.id).where(
                SyncRun.status == RunStatus.listing.value, SyncRun.updated_at <= now - lease
            )
            lost = list(await session.scalars(query))
            if lost:  # the new listing's lease starts now
                await session.execute(
                    update(SyncRun).where(SyncRun.id.in_(lost)).values(updated_at=now)
                )
                await session.commit()
        for run_id in lost:
            log.info("sync_listing_resumed", run_id=run_id)
            await self.engine.send(LIST_JOB, run_id)

    async def _settle_runs(self) -> None:
        async with self.hub.db.sessions() as session:
            query = select(SyncRun.id).where(SyncRun.status == RunStatus.fetching.value)
            for run_id in list(await session.scalars(query)):
                await items.settle_run(session, run_id=run_id)

    async def periodic_sync(self) -> SyncRun | None:
        """A run over the last `sync_lookback_days`, unless one is still going."""
        owner = await self.sync.owner_id()
        async with self.hub.db.sessions() as session:
            busy = await session.scalar(
                select(SyncRun.id).where(
                    SyncRun.user_id == owner,
                    SyncRun.status.in_((RunStatus.listing.value, RunStatus.fetching.value)),
                )
            )
        if busy is not None:
            return None
        start, end = default_window(self.hub.settings.sync_lookback_days)
        return await self.sync.start_run(user_id=owner, start=start, end=end)

    async def _watch_at_start(self) -> None:
        try:
            owner = await self.sync.owner_id()
            await self.watcher.start(self.watch_path, user_id=owner)
        except (SyncError, WatchError, OSError) as exc:
            log.warning("watch_not_started", reason=str(exc))

    async def stop(self) -> None:
        for task in self.loops:
            task.cancel()
        for task in self.loops:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.loops.clear()
        await self.watcher.stop()
        await self.engine.stop()
        await self.sync.release_claims()
        if self.zoom is not None:
            await self.zoom.aclose()
