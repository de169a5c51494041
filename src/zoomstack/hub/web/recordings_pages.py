"""The recordings page: every stored file, the cloud sync (runs, failures with their
reason, retry), and the local folder watcher; and the settings page."""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.sync_models import SyncItem, SyncStatus
from ..deps import BackgroundDep, HubDep, SessionDep
from ..errors import HubError
from ..meetings.imports import import_upcoming
from ..recordings.listing import RecordingFilters, list_recordings
from ..sync import Background, SyncError, WatchError, default_window, items
from ..sync.folder import FOLDER
from ..sync.items import FoundFile
from . import views
from .common import back_to, zoom_of
from .session import PostingViewer, Viewer, ViewerDep
from .templating import page

router = APIRouter(prefix="/app", include_in_schema=False)
SHOWN_FILES = 100
SHOWN_RUNS = 5
SHOWN_FAILED = 50
SHOWN_MOVING = 20
HERE = "/app/recordings"


async def _sync_state(session: AsyncSession, background: Background, uid: str) -> dict[str, Any]:
    return {
        "connected": background.sync.connected,
        "counts": await items.status_counts(session, user_id=uid),
        "runs": await items.recent_runs(session, user_id=uid, limit=SHOWN_RUNS),
        "failed": await items.failed_items(session, user_id=uid, limit=SHOWN_FAILED),
        "moving": await views.files_in_flight(session, user_id=uid, limit=SHOWN_MOVING),
    }


async def _watcher_state(session: AsyncSession, background: Background, uid: str) -> dict[str, Any]:
    watcher = background.watcher
    return {
        "running": watcher.running,
        "mine": not watcher.running or watcher.user_id == uid,
        "path": str(watcher.path or background.watch_path),
        "started_at": watcher.started_at,
        "waiting": watcher.status()["waiting"],
        "handed_over": watcher.handed_over,
        "counts": await items.status_counts(session, user_id=uid, source=FOLDER),
    }


@router.get("/recordings", response_class=HTMLResponse)
async def recordings(
    request: Request, viewer: ViewerDep, session: SessionDep, background: BackgroundDep
) -> HTMLResponse:
    uid = viewer.user.id
    listed = await list_recordings(
        session, user_id=uid, filters=RecordingFilters(), page_size=SHOWN_FILES
    )
    return page(
        request, "recordings.html", viewer, files=listed.recordings, total=listed.total_records,
        sync=await _sync_state(session, background, uid),
        watcher=await _watcher_state(session, background, uid),
    )  # fmt: skip


@router.post("/sync")
async def sync_now(
    request: Request, viewer: PostingViewer, session: SessionDep, background: BackgroundDep
) -> Response:
    """A cloud sync of the lookback window, after copying Zoom's upcoming meetings."""
    try:
        owner = await background.sync.owner_id()
        if owner != viewer.user.id:
            return back_to(HERE, error="Cloud recordings sync into the sync user's account only.")
        client = await zoom_of(request).client(owner)
        imported = await import_upcoming(session, zoom=client, user_id=owner)
        start, end = default_window(background.hub.settings.sync_lookback_days)
        await background.sync.start_run(user_id=owner, start=start, end=end)
    except (SyncError, HubError) as exc:
        return back_to(HERE, error=getattr(exc, "message", str(exc)))
    return back_to(HERE, notice=f"Sync started; {imported} new upcoming meetings copied.")


def _found_again(item: SyncItem) -> FoundFile:
    details = {k: v for k, v in item.details.items() if k != "fingerprint"}
    fingerprint = str(item.details.get("fingerprint", ""))
    return FoundFile(item.source, item.external_id, item.size, details, fingerprint)


@router.post("/sync/items/{item_id}/retry")
async def retry_item(
    item_id: Annotated[str, Path(max_length=32)],
    viewer: PostingViewer,
    session: SessionDep,
    background: BackgroundDep,
) -> RedirectResponse:
    item = await session.get(SyncItem, item_id)
    if item is None or item.user_id != viewer.user.id:
        return back_to(HERE, error="No such file to retry.")
    if item.status != SyncStatus.failed.value:
        return back_to(HERE, notice="That file is not failed any more.")
    await background.sync.add(viewer.user.id, _found_again(item), retry_failed=True)
    return back_to(HERE, notice=f"Trying {item.external_id} again.")


async def _watch(background: Background, viewer: Viewer, path: FsPath | None) -> str:
    watcher = background.watcher
    if watcher.running and watcher.user_id != viewer.user.id:
        return "The folder watcher is running for another user."
    try:
        await watcher.start(path or background.watch_path, user_id=viewer.user.id)
    except WatchError as exc:
        return str(exc)
    if path is not None:
        background.watch_path = path
    return ""


@router.post("/watcher/start")
async def watcher_start(viewer: PostingViewer, background: BackgroundDep) -> RedirectResponse:
    error = await _watch(background, viewer, None)
    return back_to(HERE, error=error) if error else back_to(HERE, notice="Watching the folder.")


@router.post("/watcher/stop")
async def watcher_stop(viewer: PostingViewer, background: BackgroundDep) -> RedirectResponse:
    watcher = background.watcher
    if watcher.running and watcher.user_id != viewer.user.id:
        return back_to(HERE, error="The folder watcher is running for another user.")
    await watcher.stop()
    return back_to(HERE, notice="The folder watcher stopped.")


@router.post("/watcher/path")
async def watcher_path(
    viewer: PostingViewer,
    background: BackgroundDep,
    path: Annotated[str, Form(min_length=1, max_length=1000)],
    back: Annotated[str, Form(max_length=100)] = HERE,
) -> RedirectResponse:
    """Watch another folder from now on (restarting the watcher when it runs)."""
    folder = FsPath(str(await anyio.Path(path).expanduser()))
    if background.watcher.running:
        error = await _watch(background, viewer, folder)
    elif not await anyio.Path(folder).is_dir():
        error = f"Not a folder: {folder}"
    else:
        background.watch_path, error = folder, ""
    if error:
        return back_to(back, error=error)
    return back_to(back, notice=f"The watcher's folder is {folder}.")


@router.get("/settings", response_class=HTMLResponse)
async def settings(
    request: Request, viewer: ViewerDep, session: SessionDep, hub: HubDep, background: BackgroundDep
) -> HTMLResponse:
    zoom = zoom_of(request)
    connection = await zoom.connection(session, user_id=viewer.user.id)
    return page(
        request, "settings.html", viewer, connection=connection, oauth_ready=zoom.configured,
        storage_kind=hub.storage.kind,
        storage_url=hub.settings.storage_url or str(hub.settings.data_dir / "storage"),
        zoom_api=hub.settings.zoom_api_url, watch_path=str(background.watch_path),
        watcher_running=background.watcher.running,
    )  # fmt: skip


@router.post("/zoom/connect")
async def zoom_connect(request: Request, viewer: PostingViewer, session: SessionDep) -> Response:
    """Off to Zoom's consent page; Zoom sends the browser back to the hub's callback."""
    try:
        found = await zoom_of(request).authorization(session, user_id=viewer.user.id)
    except HubError as exc:
        return back_to("/app/settings", error=exc.message)
    return RedirectResponse(found.url, status_code=303)


@router.post("/zoom/disconnect")
async def zoom_disconnect(
    request: Request, viewer: PostingViewer, session: SessionDep
) -> RedirectResponse:
    try:
        await zoom_of(request).disconnect(session, user_id=viewer.user.id)
    except HubError as exc:
        return back_to("/app/settings", error=exc.message)
    return back_to("/app/settings", notice="Your Zoom account is disconnected.")
