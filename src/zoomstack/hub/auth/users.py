"""Hub accounts: create, authenticate, look up."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.models import TokenKind, User
from ..errors import Conflict, Unauthorized
from .passwords import Passwords
from .tokens import IssuedToken, issue_token


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def get_user_by_email(session: AsyncSession, *, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == normalize_email(email)))


async def create_user(
    session: AsyncSession, *, passwords: Passwords, email: str, password: str, full_name: str = ""
) -> User:
    """A new account; an email already taken is a 409."""
    email = normalize_email(email)
    if await get_user_by_email(session, email=email) is not None:
        raise Conflict("A user with this email already exists.")
    user = User(email=email, full_name=full_name, password_hash=await passwords.hash(password))
    session.add(user)
    try:
        await session.commit()
    except IntegrityError:  # registered by a concurrent request in between
        await session.rollback()
        raise Conflict("A user with this email already exists.") from None
    return user


async def ensure_user(
    session: AsyncSession, *, passwords: Passwords, email: str, password: str, full_name: str = ""
) -> User:
    """The user with `email`, created with `password` if there is none yet (by this call
    or by a concurrent one: the workers of one hub all ensure the demo user at start)."""
    user = await get_user_by_email(session, email=email)
    if user is not None:
        return user
    try:
        return await create_user(
            session, passwords=passwords, email=email, password=password, full_name=full_name
        )
    except Conflict:
        user = await get_user_by_email(session, email=email)
        if user is None:
            raise
        return user


async def authenticate(
    session: AsyncSession, *, passwords: Passwords, email: str, password: str
) -> User:
    """The active user with these credentials; anything else is one and the same 401."""
    user = await get_user_by_email(session, email=email)
    valid = await passwords.verify(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        raise Unauthorized("Incorrect email or password.")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash(password)
        await session.commit()
    return user


async def login(
    session: AsyncSession, *, passwords: Passwords, email: str, password: str, ttl: timedelta
) -> IssuedToken:
    """Check the credentials and issue a bearer token that expires after `ttl`."""
    user = await authenticate(session, passwords=passwords, email=email, password=password)
    return await issue_token(session, user_id=user.id, kind=TokenKind.session, ttl=ttl)
