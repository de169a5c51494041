"""Cloud recording sync: start a run, follow it, see what failed and why."""

from __future__ import annotations

from fastapi import APIRouter, status

from ..db.sync_models import SyncRun
from ..deps import BackgroundDep, CurrentUser, SessionDep
from ..errors import Conflict, Forbidden, NotFound, Unprocessable
from ..schemas.sync import FailedFile, SyncRequest, SyncRunPublic, SyncStatusPublic
from ..sync import SyncError, default_window, items

router = APIRouter(prefix="/sync", tags=["sync"])
RECENT = 10


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=SyncRunPublic)
async def start_sync(
    user: CurrentUser, background: BackgroundDep, body: SyncRequest | None = None
) -> SyncRunPublic:
    """Sync the Zoom account's cloud recordings of a window into the owner's storage."""
    body = body or SyncRequest()
    sync = background.sync
    if not sync.connected:
        raise Conflict("Zoom is not connected: set the hub's zoom_* settings.")
    try:
        owner = await sync.owner_id()
    except SyncError as exc:
        raise Conflict(str(exc)) from None
    if owner != user.id:
        raise Forbidden("Cloud recordings sync into the sync user's account only.")
    start, end = default_window(background.hub.settings.sync_lookback_days)
    try:
        run = await sync.start_run(
            user_id=owner, start=body.from_ or start, end=body.to or end,
            retry_failed=body.retry_failed,
        )  # fmt: skip
    except SyncError as exc:
        raise Unprocessable(str(exc)) from None
    return SyncRunPublic.model_validate(run)


@router.get("/runs/{run_id}", response_model=SyncRunPublic)
async def read_run(run_id: str, user: CurrentUser, session: SessionDep) -> SyncRunPublic:
    run = await session.get(SyncRun, run_id)
    if run is None or run.user_id != user.id:
        raise NotFound("Sync run not found.")
    return SyncRunPublic.model_validate(run)


@router.get("/status", response_model=SyncStatusPublic)
async def sync_status(
    user: CurrentUser, session: SessionDep, background: BackgroundDep
) -> SyncStatusPublic:
    """The user's files by status, recent runs, and the files that failed with why."""
    counts = await items.status_counts(session, user_id=user.id)
    runs = await items.recent_runs(session, user_id=user.id, limit=RECENT)
    failed = await items.failed_items(session, user_id=user.id, limit=RECENT * 10)
    return SyncStatusPublic(
        connected=background.sync.connected,
        counts=counts,
        runs=[SyncRunPublic.model_validate(run) for run in runs],
        failed=[FailedFile.model_validate(item) for item in failed],
    )
