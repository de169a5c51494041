"""The hub's dashboard: server-rendered pages over the hub's own services, a little
script of our own for live updates, and the stylesheet. Everything lives under /app."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from . import auth_pages, meeting_page, meetings_pages, recording_page, recordings_pages
from .session import LoginRequired, login_url
from .templating import HERE

__all__ = ["install"]


async def _to_login(request: Request, exc: Exception) -> RedirectResponse:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(login_url(exc.next_url), status_code=303)


async def _root() -> RedirectResponse:
    return RedirectResponse("/app", status_code=307)


def install(app: FastAPI) -> None:
    """Add the dashboard's routes, its static files and its login redirect to `app`."""
    for module in (auth_pages, meetings_pages, meeting_page, recordings_pages, recording_page):
        app.include_router(module.router)
    app.add_api_route("/", _root, include_in_schema=False)
    app.mount("/app/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(LoginRequired, _to_login)
