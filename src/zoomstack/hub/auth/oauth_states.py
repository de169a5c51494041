"""The `state` of Zoom's authorization-code flow: bound to one hub user, good once.

A state is what stops a forged callback (CSRF) from connecting someone else's Zoom
account to a hub user: only a state this hub issued to that user, unexpired and
unused, completes the flow. It also carries the PKCE verifier of its request.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.base import utcnow
from ..db.meeting_models import OAuthState
from ..errors import Forbidden
from .crypto import TokenCipher

KEEP = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class IssuedState:
    value: str
    code_challenge: str
    redirect_uri: str
    expires_at: datetime

    def __repr__(self) -> str:
        return f"IssuedState(expires_at={self.expires_at!r})"


@dataclass(frozen=True, slots=True)
class ConsumedState:
    user_id: str
    code_verifier: str
    redirect_uri: str

    def __repr__(self) -> str:
        return f"ConsumedState(user_id={self.user_id!r})"


def state_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def code_challenge(verifier: str) -> str:
    """PKCE S256: base64url(sha256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def issue_state(
    session: AsyncSession,
    *,
    cipher: TokenCipher,
    user_id: str,
    redirect_uri: str,
    ttl: timedelta,
) -> IssuedState:
    value = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)
    row = OAuthState(
        state_hash=state_hash(value),
        user_id=user_id,
        code_verifier_encrypted=cipher.encrypt(verifier),
        redirect_uri=redirect_uri,
        expires_at=utcnow() + ttl,
    )
    session.add(row)
    # States nobody came back with are of no use once expired; a day is kept for logs.
    await session.execute(delete(OAuthState).where(OAuthState.expires_at < utcnow() - KEEP))
    await session.commit()
    return IssuedState(value, code_challenge(verifier), redirect_uri, row.expires_at)


async def consume_state(
    session: AsyncSession, *, cipher: TokenCipher, value: str, user_id: str | None
) -> ConsumedState:
    """Use the state once; `user_id` (when the caller is signed in) must be its owner.

    Forbidden for a state that is unknown, expired, used, or another user's.
    """
    row = await session.scalar(select(OAuthState).where(OAuthState.state_hash == state_hash(value)))
    if row is None:
        raise Forbidden("Unknown OAuth state: start the Zoom connection again.")
    if user_id is not None and row.user_id != user_id:
        raise Forbidden("This OAuth state was issued to another user.")
    now = utcnow()
    if row.expires_at <= now:
        raise Forbidden("This OAuth state expired: start the Zoom connection again.")
    # One conditional UPDATE, so two callbacks racing with one state cannot both win.
    claimed = await session.execute(
        update(OAuthState)
        .where(OAuthState.id == row.id, OAuthState.used_at.is_(None))
        .values(used_at=now)
    )
    await session.commit()
    if getattr(claimed, "rowcount", 0) != 1:
        raise Forbidden("This OAuth state was used already.")
    verifier = cipher.decrypt(row.code_verifier_encrypted)
    return ConsumedState(row.user_id, verifier, row.redirect_uri)
