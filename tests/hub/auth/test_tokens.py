from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.hub.conftest import MakeUser
from zoomstack.hub.auth.passwords import hash_password, verify_password
from zoomstack.hub.auth.tokens import issue_token, resolve_token, token_hash
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


async def test_passwords_are_argon2_hashed() -> None:
    hashed = await hash_password("pa55word-long")
    assert hashed.startswith("$argon2id$") and "pa55word-long" not in hashed
    assert await verify_password(hashed, "pa55word-long") is True
    assert await verify_password(hashed, "wrong") is False
    assert await verify_password("not-a-hash", "x") is False
    assert await verify_password(None, "x") is False
