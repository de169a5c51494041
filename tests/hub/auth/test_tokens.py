from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.hub.conftest import PASSWORD, MakeUser
from zoomstack.hub.auth.passwords import Passwords
from zoomstack.hub.auth.tokens import issue_token, resolve_token, token_hash
from zoomstack.hub.auth.users import login
from zoomstack.hub.db.models import ApiToken, TokenKind, User
from zoomstack.hub.state import Hub


async def test_only_the_hash_of_a_token_is_stored(hub: Hub, make_user: MakeUser) -> None:
    headers = await make_user("t@example.com")
    value = headers["Authorization"].removeprefix("Bearer ")
    async with hub.db.sessions() as session:
        rows = list(await session.scalars(select(ApiToken)))
    assert [row.token_hash for row in rows] == [token_hash(value)]
    assert all(value not in (row.token_hash, row.prefix, row.name) for row in rows)


async def test_expired_tokens_resolve_to_nobody(hub: Hub, make_user: MakeUser) -> None:
    await make_user("t@example.com")
    async with hub.db.sessions() as session:
        user = await session.scalar(select(User))
        assert user is not None
        expired = await issue_token(
            session, user_id=user.id, kind=TokenKind.session, ttl=timedelta(seconds=-1)
        )
        live = await issue_token(session, user_id=user.id, kind=TokenKind.api_key)
        assert await resolve_token(session, value=expired.value) is None
        assert (await resolve_token(session, value=live.value)) == user
        user.is_active = False
        await session.commit()
        assert await resolve_token(session, value=live.value) is None
        assert live.value not in repr(live)


async def test_passwords_are_argon2id_hashed_at_the_configured_cost() -> None:
    passwords = Passwords(time_cost=1, memory_kib=1024)
    hashed = await passwords.hash("pa55word-long")
    assert hashed.startswith("$argon2id$") and "m=1024,t=1" in hashed
    assert "pa55word-long" not in hashed
    assert await passwords.verify(hashed, "pa55word-long") is True
    assert await passwords.verify(hashed, "wrong") is False
    assert await passwords.verify("not-a-hash", "x") is False
    assert await passwords.verify(None, "x") is False


async def test_a_hash_made_at_another_cost_verifies_and_is_renewed_at_login(
    hub: Hub, make_user: MakeUser
) -> None:
    await make_user("t@example.com")
    stronger = Passwords(time_cost=2, memory_kib=2048)
    async with hub.db.sessions() as session:
        user = await session.scalar(select(User))
        assert user is not None
        user.password_hash = await stronger.hash(PASSWORD)
        await session.commit()
    login = await log_in(hub, "t@example.com")
    assert login is not None
    async with hub.db.sessions() as session:
        user = await session.scalar(select(User))
        assert user is not None and "m=1024,t=1" in user.password_hash


async def log_in(hub: Hub, email: str) -> str:
    async with hub.db.sessions() as session:
        issued = await login(
            session, passwords=hub.passwords, email=email, password=PASSWORD, ttl=timedelta(1)
        )
    return issued.value
