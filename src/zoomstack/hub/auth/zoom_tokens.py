"""A user's Zoom OAuth tokens, stored encrypted; plaintext only in memory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.models import ZoomToken
from .crypto import TokenCipher


@dataclass(frozen=True, slots=True)
class ZoomTokenSecrets:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None
    scope: str
    account_id: str
    zoom_user_id: str = ""

    def __repr__(self) -> str:
        return f"ZoomTokenSecrets(account_id={self.account_id!r}, expires_at={self.expires_at!r})"


async def save_zoom_tokens(
    session: AsyncSession,
    *,
    cipher: TokenCipher,
    user_id: str,
    access_token: str,
    refresh_token: str | None,
    expires_at: datetime | None,
    scope: str = "",
    account_id: str = "",
    zoom_user_id: str | None = None,
) -> ZoomToken:
    """Store (or replace) the user's Zoom tokens, encrypted under the newest key."""
    row = await session.scalar(select(ZoomToken).where(ZoomToken.user_id == user_id))
    if row is None:
        row = ZoomToken(user_id=user_id)
        session.add(row)
    row.access_token_encrypted = cipher.encrypt(access_token)
    row.refresh_token_encrypted = cipher.encrypt(refresh_token) if refresh_token else None
    row.expires_at = expires_at
    row.scope = scope
    row.account_id = account_id
    if zoom_user_id is not None:  # a refresh does not say who; keep what we know
        row.zoom_user_id = zoom_user_id
    await session.commit()
    return row


async def load_zoom_tokens(
    session: AsyncSession, *, cipher: TokenCipher, user_id: str
) -> ZoomTokenSecrets | None:
    row = await session.scalar(select(ZoomToken).where(ZoomToken.user_id == user_id))
    if row is None:
        return None
    refresh = row.refresh_token_encrypted
    return ZoomTokenSecrets(
        access_token=cipher.decrypt(row.access_token_encrypted),
        refresh_token=cipher.decrypt(refresh) if refresh else None,
        expires_at=row.expires_at,
        scope=row.scope,
        account_id=row.account_id,
        zoom_user_id=row.zoom_user_id,
    )


async def zoom_token_owner(session: AsyncSession, *, zoom_user_id: str) -> str | None:
    """The hub user whose Zoom connection acts for `zoom_user_id`, if any."""
    if not zoom_user_id:
        return None
    query = select(ZoomToken.user_id).where(ZoomToken.zoom_user_id == zoom_user_id)
    return await session.scalar(query.order_by(ZoomToken.updated_at.desc()).limit(1))


async def delete_zoom_tokens(session: AsyncSession, *, user_id: str) -> bool:
    row = await session.scalar(select(ZoomToken).where(ZoomToken.user_id == user_id))
    if row is None:
        return False
    await session.delete(row)
    await session.commit()
    return True


async def reencrypt_zoom_tokens(session: AsyncSession, *, cipher: TokenCipher) -> int:
    """Re-encrypt every stored token under the newest key; returns the rows done."""
    rows = list(await session.scalars(select(ZoomToken)))
    for row in rows:
        row.access_token_encrypted = cipher.rotate(row.access_token_encrypted)
        if row.refresh_token_encrypted:
            row.refresh_token_encrypted = cipher.rotate(row.refresh_token_encrypted)
    await session.commit()
    return len(rows)
