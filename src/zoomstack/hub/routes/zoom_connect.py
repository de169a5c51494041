"""Connecting the signed-in user's Zoom account (OAuth authorization code), its
status, and revoking it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import RedirectResponse

from ..auth.zoom_connect import Authorization, Connection
from ..deps import CurrentUser, OptionalUser, SessionDep, ZoomDep
from ..errors import Forbidden, Unprocessable
from ..schemas.zoom import AuthorizationPublic, AuthorizeRequest, CodeExchange, ConnectionPublic

router = APIRouter(tags=["zoom connection"])
LoginHint = Annotated[str | None, Query(max_length=320, description="a Zoom email")]


def _authorization(found: Authorization) -> AuthorizationPublic:
    return AuthorizationPublic(url=found.url, state=found.state, expires_at=found.expires_at)


def _connection(found: Connection) -> ConnectionPublic:
    return ConnectionPublic(
        connected=found.connected,
        mode=found.mode,
        zoom_user_id=found.zoom_user_id,
        account_id=found.account_id,
        scope=found.scope,
        expires_at=found.expires_at,
        server_to_server=found.server_to_server,
    )


@router.get("/api/oauth/zoom/url", response_model=AuthorizationPublic)
async def authorization_url(
    user: CurrentUser, session: SessionDep, zoom: ZoomDep, login_hint: LoginHint = None
) -> AuthorizationPublic:
    """Zoom's consent page for this user, with a state bound to them."""
    found = await zoom.authorization(session, user_id=user.id, login_hint=login_hint)
    return _authorization(found)


@router.post("/auth/zoom/authorize", response_model=AuthorizationPublic)
async def authorize(
    user: CurrentUser, session: SessionDep, zoom: ZoomDep, body: AuthorizeRequest | None = None
) -> AuthorizationPublic:
    hint = body.login_hint if body else None
    return _authorization(await zoom.authorization(session, user_id=user.id, login_hint=hint))


@router.get(
    "/api/auth/zoom/start",
    status_code=status.HTTP_307_TEMPORARY_REDIRECT,
    response_class=RedirectResponse,
    responses={307: {"description": "To Zoom's consent page"}},
)
async def start(
    user: CurrentUser, session: SessionDep, zoom: ZoomDep, login_hint: LoginHint = None
) -> RedirectResponse:
    found = await zoom.authorization(session, user_id=user.id, login_hint=login_hint)
    return RedirectResponse(found.url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)


@router.get("/api/auth/zoom/callback", response_model=ConnectionPublic)
async def callback(
    session: SessionDep,
    zoom: ZoomDep,
    user: OptionalUser,
    code: Annotated[str | None, Query(max_length=2048)] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> ConnectionPublic:
    """Where Zoom sends the browser back. The state names the user; a signed-in
    caller must be that user."""
    if error:
        raise Forbidden(f"Zoom authorization was not granted: {error}.")
    if not code or not state:
        raise Unprocessable("The callback needs both `code` and `state`.")
    found = await zoom.complete(session, code=code, state=state, user_id=user.id if user else None)
    return _connection(found)


@router.post("/auth/zoom/token", response_model=ConnectionPublic)
async def token(
    body: CodeExchange, user: CurrentUser, session: SessionDep, zoom: ZoomDep
) -> ConnectionPublic:
    """Trade the code Zoom gave for tokens; the state must be one issued to this user."""
    found = await zoom.complete(session, code=body.code, state=body.state, user_id=user.id)
    return _connection(found)


@router.get("/auth/zoom/status", response_model=ConnectionPublic)
async def connection_status(
    user: CurrentUser, session: SessionDep, zoom: ZoomDep
) -> ConnectionPublic:
    return _connection(await zoom.connection(session, user_id=user.id))


@router.delete("/auth/zoom", status_code=status.HTTP_204_NO_CONTENT)
async def disconnect(user: CurrentUser, session: SessionDep, zoom: ZoomDep) -> Response:
    """Revoke the user's Zoom tokens at Zoom and forget them."""
    await zoom.disconnect(session, user_id=user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
