"""What every dashboard route shares: redirects that carry a message, the services
of the running hub, and the user's scheduler."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth.zoom_connect import USER_OAUTH, ZoomConnector
from ..realtime import Realtime
from ..scheduling.scheduler import Scheduler
from .session import Viewer


def back_to(url: str, *, notice: str = "", error: str = "") -> RedirectResponse:
    """See-other to `url` (one of the dashboard's), with the outcome to show there."""
    if not url.startswith("/app"):
        url = "/app"
    message = {k: v for k, v in (("notice", notice), ("error", error)) if v}
    if message:
        url += ("&" if "?" in url else "?") + urlencode(message)
    return RedirectResponse(url, status_code=303)


def wants_json(request: Request) -> bool:
    """Posts the dashboard's script sends answer JSON instead of a redirect."""
    return request.headers.get("x-requested-with") == "zoomstack"


def zoom_of(request: Request) -> ZoomConnector:
    zoom: ZoomConnector = request.app.state.zoom
    return zoom


def realtime_of(request: Request) -> Realtime:
    realtime: Realtime = request.app.state.realtime
    return realtime


async def scheduler_for(request: Request, session: AsyncSession, viewer: Viewer) -> Scheduler:
    """The viewer's scheduler, as the scheduling API builds it: Zoom when connected."""
    zoom = zoom_of(request)
    connection = await zoom.connection(session, user_id=viewer.user.id)
    client = await zoom.client(viewer.user.id) if connection.connected else None
    own = connection.mode == USER_OAUTH
    return Scheduler(session, viewer.user, realtime_of(request), client, own)
