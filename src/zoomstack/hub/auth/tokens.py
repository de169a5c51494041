"""Bearer tokens (from a login) and API keys: random values kept only as SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.base import utcnow
from ..db.models import ApiToken, TokenKind, User
from ..errors import NotFound

TOKEN_PREFIX = "zsk_"
# last_used_at is written at most this often, so reads do not all turn into writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A token as issued: `value` is shown to its owner once and never stored."""

    value: str
    row: ApiToken

    def __repr__(self) -> str:
        return f"IssuedToken(id={self.row.id!r}, kind={self.row.kind!r})"


def new_token_value() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


async def issue_token(
    session: AsyncSession,
    *,
    user_id: str,
    kind: TokenKind,
    name: str = "",
    ttl: timedelta | None = None,
    value: str | None = None,
) -> IssuedToken:
    """A new token for `user_id`; `value` fixes it (the demo user's known API key)."""
    value = value or new_token_value()
    row = ApiToken(
        user_id=user_id,
        kind=kind.value,
        name=name,
        token_hash=token_hash(value),
        prefix=value[:12],
        expires_at=utcnow() + ttl if ttl else None,
    )
    session.add(row)
    await session.commit()
    return IssuedToken(value=value, row=row)


async def resolve_token(session: AsyncSession, *, value: str) -> User | None:
    """The active user a presented token belongs to, or None."""
    row = await find_token(session, value=value)
    now = utcnow()
    if row is None or (row.expires_at is not None and row.expires_at <= now):
        return None
    user = await session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        row.last_used_at = now
        await session.commit()
    return user


async def find_token(session: AsyncSession, *, value: str) -> ApiToken | None:
    return await session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(value)))


async def list_api_keys(session: AsyncSession, *, user_id: str) -> list[ApiToken]:
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.kind == TokenKind.api_key.value)
        .order_by(ApiToken.created_at)
    )
    return list(await session.scalars(query))


async def revoke_token(session: AsyncSession, *, user_id: str, token_id: str) -> None:
    """Delete one of the user's tokens; another user's token is 'not found'."""
    row = await session.get(ApiToken, token_id)
    if row is None or row.user_id != user_id:
        raise NotFound("No such API key.")
    await session.delete(row)
    await session.commit()
