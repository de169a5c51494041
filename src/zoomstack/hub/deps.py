"""Dependencies, named once: the hub, a database session, the current user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import structlog
from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from .auth.tokens import resolve_token
from .auth.zoom_connect import ZoomConnector
from .db.models import User
from .errors import Unauthorized
from .insights import IntelService
from .realtime import Realtime
from .state import Hub
from .sync import Background
from .transcribe import TranscribeService

bearer_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False)


def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]


async def get_session(hub: HubDep) -> AsyncIterator[AsyncSession]:
    async with hub.db.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
BearerDep = Annotated[str | None, Depends(bearer_scheme)]
ApiKeyDep = Annotated[str | None, Depends(api_key_scheme)]


async def get_current_user(
    request: Request, session: SessionDep, bearer: BearerDep, api_key: ApiKeyDep
) -> User:
    """The user a bearer token or an X-API-Key header belongs to; 401 otherwise."""
    presented = bearer or api_key
    if not presented:
        raise Unauthorized("Not authenticated: send a bearer token or an X-API-Key header.")
    user = await resolve_token(session, value=presented)
    if user is None:
        raise Unauthorized("Invalid or expired token.")
    request.state.user_id = user.id
    structlog.contextvars.bind_contextvars(user_id=user.id)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_optional_user(
    request: Request, session: SessionDep, bearer: BearerDep, api_key: ApiKeyDep
) -> User | None:
    """The signed-in user when a token is sent (it must be valid), else None."""
    if not (bearer or api_key):
        return None
    return await get_current_user(request, session, bearer, api_key)


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


def get_background(request: Request) -> Background:
    background: Background = request.app.state.background
    return background


BackgroundDep = Annotated[Background, Depends(get_background)]


def get_zoom(request: Request) -> ZoomConnector:
    zoom: ZoomConnector = request.app.state.zoom
    return zoom


def get_realtime(request: Request) -> Realtime:
    realtime: Realtime = request.app.state.realtime
    return realtime


def get_intel(request: Request) -> IntelService:
    intel: IntelService = request.app.state.intel
    return intel


ZoomDep = Annotated[ZoomConnector, Depends(get_zoom)]
RealtimeDep = Annotated[Realtime, Depends(get_realtime)]
IntelDep = Annotated[IntelService, Depends(get_intel)]


def get_transcribe(request: Request) -> TranscribeService:
    service: TranscribeService = request.app.state.transcribe
    return service


TranscribeDep = Annotated[TranscribeService, Depends(get_transcribe)]
