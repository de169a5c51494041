"""Accounts, logins and API keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from ..auth import tokens, users
from ..auth.tokens import IssuedToken
from ..db.models import TokenKind
from ..deps import BearerDep, CurrentUser, HubDep, SessionDep
from ..errors import Forbidden
from ..schemas.auth import (
    ApiKeyCreate,
    ApiKeyIssued,
    ApiKeyPublic,
    LoginRequest,
    TokenPublic,
    UserCreate,
    UserPublic,
)

router = APIRouter(tags=["auth"])
PasswordForm = Annotated[OAuth2PasswordRequestForm, Depends()]


def _token_public(issued: IssuedToken) -> TokenPublic:
    return TokenPublic(access_token=issued.value, expires_at=issued.row.expires_at)


@router.post("/auth/register", status_code=status.HTTP_201_CREATED, response_model=UserPublic)
async def register(body: UserCreate, session: SessionDep, hub: HubDep) -> UserPublic:
    if not hub.settings.allow_registration:
        raise Forbidden("Registration is closed on this hub.")
    user = await users.create_user(
        session,
        passwords=hub.passwords,
        email=body.email,
        password=body.password,
        full_name=body.full_name,
    )
    return UserPublic.model_validate(user)


@router.post("/auth/login", response_model=TokenPublic)
async def login(body: LoginRequest, session: SessionDep, hub: HubDep) -> TokenPublic:
    issued = await users.login(
        session,
        passwords=hub.passwords,
        email=body.email,
        password=body.password,
        ttl=hub.session_ttl,
    )
    return _token_public(issued)


@router.post("/auth/token", response_model=TokenPublic, summary="Login (OAuth2 password form)")
async def token(form: PasswordForm, session: SessionDep, hub: HubDep) -> TokenPublic:
    issued = await users.login(
        session,
        passwords=hub.passwords,
        email=form.username,
        password=form.password,
        ttl=hub.session_ttl,
    )
    return _token_public(issued)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(user: CurrentUser, session: SessionDep, bearer: BearerDep) -> Response:
    row = await tokens.find_token(session, value=bearer) if bearer else None
    if row is not None and row.kind == TokenKind.session.value:
        await tokens.revoke_token(session, user_id=user.id, token_id=row.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users/me", response_model=UserPublic)
async def me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


@router.post("/auth/api-keys", status_code=status.HTTP_201_CREATED, response_model=ApiKeyIssued)
async def create_api_key(
    body: ApiKeyCreate, user: CurrentUser, session: SessionDep
) -> ApiKeyIssued:
    issued = await tokens.issue_token(
        session, user_id=user.id, kind=TokenKind.api_key, name=body.name
    )
    public = ApiKeyPublic.model_validate(issued.row)
    return ApiKeyIssued(**public.model_dump(), key=issued.value)


@router.get("/auth/api-keys", response_model=list[ApiKeyPublic])
async def list_api_keys(user: CurrentUser, session: SessionDep) -> list[ApiKeyPublic]:
    rows = await tokens.list_api_keys(session, user_id=user.id)
    return [ApiKeyPublic.model_validate(row) for row in rows]


@router.delete("/auth/api-keys/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_api_key(key_id: str, user: CurrentUser, session: SessionDep) -> Response:
    await tokens.revoke_token(session, user_id=user.id, token_id=key_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
