"""Signing in to the dashboard and out of it, and the token its live script uses."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from ..auth import tokens, users
from ..deps import HubDep, SessionDep
from ..errors import Unauthorized
from .common import back_to
from .session import SESSION_COOKIE, PostingViewer, ViewerDep
from .templating import page

router = APIRouter(prefix="/app", include_in_schema=False)


def _safe_next(value: str) -> str:
    """Only the dashboard's own pages: never another site (no open redirect)."""
    return value if value.startswith("/app") and not value.startswith("/app//") else "/app"


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "/app") -> HTMLResponse:
    return page(request, "login.html", None, next=_safe_next(next))


@router.post("/login", response_model=None)
async def login(
    request: Request,
    session: SessionDep,
    hub: HubDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/app",
) -> Response:
    try:
        issued = await users.login(
            session, passwords=hub.passwords, email=email, password=password, ttl=hub.session_ttl
        )
    except Unauthorized as exc:
        context = {"next": _safe_next(next), "email": email, "login_error": exc.message}
        return page(request, "login.html", None, status_code=401, **context)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        issued.value,
        max_age=hub.settings.session_ttl_seconds,
        httponly=True,
        samesite="lax",
        secure=hub.settings.base_url().startswith("https://"),
        path="/",
    )
    return response


@router.post("/logout")
async def logout(viewer: PostingViewer, session: SessionDep) -> RedirectResponse:
    row = await tokens.find_token(session, value=viewer.token)
    if row is not None:
        await tokens.revoke_token(session, user_id=viewer.user.id, token_id=row.id)
    response = back_to("/app/login", notice="You are signed out.")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/live-token")
async def live_token(viewer: ViewerDep) -> JSONResponse:
    """The session's token for the live socket, readable by the dashboard's own script
    only (other sites cannot read a same-origin answer)."""
    return JSONResponse({"token": viewer.token}, headers={"Cache-Control": "no-store"})
