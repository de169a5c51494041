"""The local folder monitor: start, stop, status, and which folder it watches."""

from __future__ import annotations

from pathlib import Path

import anyio
from fastapi import APIRouter

from ..deps import BackgroundDep, CurrentUser, SessionDep
from ..errors import Conflict, Unprocessable
from ..schemas.sync import MonitorPath, MonitorStart, MonitorStatus
from ..sync import WatchError, items
from ..sync.folder import FOLDER

router = APIRouter(prefix="/monitor", tags=["monitor"])


async def _status(background: BackgroundDep, session: SessionDep, user_id: str) -> MonitorStatus:
    watcher = background.watcher
    counts = await items.status_counts(session, user_id=user_id, source=FOLDER)
    path = watcher.path or background.watch_path
    return MonitorStatus(
        running=watcher.running,
        path=str(path),
        started_at=watcher.started_at,
        waiting=watcher.status()["waiting"],
        handed_over=watcher.handed_over,
        counts=counts,
    )


async def _watch(background: BackgroundDep, path: Path, user_id: str) -> None:
    try:
        await background.watcher.start(path, user_id=user_id)
    except WatchError as exc:
        raise Unprocessable(str(exc), {"path": str(path)}) from None


def _not_someone_elses(background: BackgroundDep, user_id: str) -> None:
    watcher = background.watcher
    if watcher.running and watcher.user_id != user_id:
        raise Conflict("The folder monitor is running for another user.")


@router.post("/start", response_model=MonitorStatus)
async def start(
    user: CurrentUser,
    session: SessionDep,
    background: BackgroundDep,
    body: MonitorStart | None = None,
) -> MonitorStatus:
    """Watch the folder (the body's `path`, or the configured one); files there now count."""
    _not_someone_elses(background, user.id)
    if body is not None and body.path:
        background.watch_path = Path(body.path)
    await _watch(background, background.watch_path, user.id)
    return await _status(background, session, user.id)


@router.post("/stop", response_model=MonitorStatus)
async def stop(user: CurrentUser, session: SessionDep, background: BackgroundDep) -> MonitorStatus:
    _not_someone_elses(background, user.id)
    await background.watcher.stop()
    return await _status(background, session, user.id)


@router.get("/status", response_model=MonitorStatus)
async def monitor_status(
    user: CurrentUser, session: SessionDep, background: BackgroundDep
) -> MonitorStatus:
    return await _status(background, session, user.id)


@router.put("/path", response_model=MonitorStatus)
async def set_path(
    body: MonitorPath, user: CurrentUser, session: SessionDep, background: BackgroundDep
) -> MonitorStatus:
    """Watch another folder from now on (restarting the monitor if it runs)."""
    _not_someone_elses(background, user.id)
    path = Path(body.path)
    if background.watcher.running:
        await _watch(background, path, user.id)
    elif not await _is_dir(path):
        raise Unprocessable(f"not a folder: {path}", {"path": body.path})
    background.watch_path = path
    return await _status(background, session, user.id)


async def _is_dir(path: Path) -> bool:
    try:
        return await (await anyio.Path(path).expanduser()).is_dir()
    except (OSError, RuntimeError, ValueError):  # too long; ~user of no one; a NUL byte
        return False
