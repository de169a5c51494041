"""The demo user (and its known API key) for the embedded mode and `make run`."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..config import HubSettings
from .auth.passwords import Passwords
from .auth.tokens import find_token, issue_token
from .auth.users import ensure_user
from .db.models import TokenKind, User


async def ensure_demo_user(
    session: AsyncSession, *, passwords: Passwords, settings: HubSettings
) -> User:
    """Create the demo user and its API key unless they exist; safe to call each start."""
    user = await ensure_user(
        session,
        passwords=passwords,
        email=settings.demo_email,
        password=settings.demo_password.get_secret_value(),
        full_name="Demo User",
    )
    key = settings.demo_api_key.get_secret_value()
    if key and await find_token(session, value=key) is None:
        try:
            await issue_token(
                session, user_id=user.id, kind=TokenKind.api_key, name="demo", value=key
            )
        except IntegrityError:  # issued by another worker of this hub in between
            await session.rollback()
            if await find_token(session, value=key) is None:
                raise
            await session.refresh(user)  # the rollback expired it
    return user
