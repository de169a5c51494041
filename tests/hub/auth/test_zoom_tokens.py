from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from tests.hub.conftest import MakeUser
from zoomstack.hub.auth.crypto import TokenCipher, TokenDecryptError
from zoomstack.hub.auth.keys import generate_token_key, token_keys
from zoomstack.hub.auth.zoom_tokens import (
    delete_zoom_tokens,
    load_zoom_tokens,
    reencrypt_zoom_tokens,
    save_zoom_tokens,
)
from zoomstack.hub.state import Hub

ACCESS = "eyJhbGciOi.zoom-access-token-plaintext"
REFRESH = "eyJhbGciOi.zoom-refresh-token-plaintext"
EXPIRES = datetime(2030, 1, 1, 12, tzinfo=UTC)


async def user_id(hub: Hub, make_user: MakeUser, email: str = "z@example.com") -> str:
    await make_user(email)
    async with hub.db.sessions() as session:
        value = await session.scalar(text("SELECT id FROM users WHERE email = :e"), {"e": email})
    assert isinstance(value, str)
    return value


async def raw_columns(hub: Hub, owner: str) -> tuple[str, str]:
    async with hub.db.sessions() as session:
        row = (
            await session.execute(
                text(
                    "SELECT access_token_encrypted, refresh_token_encrypted FROM zoom_tokens"
                    " WHERE user_id = :u"
                ),
                {"u": owner},
            )
        ).one()
    return row[0], row[1]


async def save(hub: Hub, cipher: TokenCipher, owner: str) -> None:
    async with hub.db.sessions() as session:
        await save_zoom_tokens(
            session,
            cipher=cipher,
            user_id=owner,
            access_token=ACCESS,
            refresh_token=REFRESH,
            expires_at=EXPIRES,
            scope="recording:read",
            account_id="acct-1",
        )


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_tokens_are_encrypted_at_rest_and_read_back(hub: Hub, make_user: MakeUser) -> None:
    owner = await user_id(hub, make_user)
    await save(hub, hub.cipher, owner)
    access, refresh = await raw_columns(hub, owner)
    for raw in (access, refresh):
        assert ACCESS not in raw and REFRESH not in raw and "zoom-" not in raw
    async with hub.db.sessions() as session:
        loaded = await load_zoom_tokens(session, cipher=hub.cipher, user_id=owner)
    assert loaded is not None
    assert (loaded.access_token, loaded.refresh_token) == (ACCESS, REFRESH)
    assert loaded.expires_at == EXPIRES and loaded.scope == "recording:read"
    assert ACCESS not in repr(loaded)


async def test_key_rotation_keeps_old_rows_readable_then_reencrypts(
    hub: Hub, make_user: MakeUser
) -> None:
    old_key, new_key = generate_token_key(), generate_token_key()
    owner = await user_id(hub, make_user)
    await save(hub, TokenCipher([old_key]), owner)
    before = await raw_columns(hub, owner)
    rotated = TokenCipher([new_key, old_key])
    async with hub.db.sessions() as session:
        loaded = await load_zoom_tokens(session, cipher=rotated, user_id=owner)
        assert loaded is not None and loaded.access_token == ACCESS
        assert await reencrypt_zoom_tokens(session, cipher=rotated) == 1
    after = await raw_columns(hub, owner)
    assert after[0] != before[0] and after[1] != before[1]
    async with hub.db.sessions() as session:
        new_only = await load_zoom_tokens(session, cipher=TokenCipher([new_key]), user_id=owner)
        assert new_only is not None and new_only.refresh_token == REFRESH
        with pytest.raises(TokenDecryptError):
            await load_zoom_tokens(session, cipher=TokenCipher([old_key]), user_id=owner)


async def test_saving_again_replaces_and_delete_removes(hub: Hub, make_user: MakeUser) -> None:
    owner = await user_id(hub, make_user)
    await save(hub, hub.cipher, owner)
    async with hub.db.sessions() as session:
        await save_zoom_tokens(
            session,
            cipher=hub.cipher,
            user_id=owner,
            access_token="new",
            refresh_token=None,
            expires_at=None,
        )
        loaded = await load_zoom_tokens(session, cipher=hub.cipher, user_id=owner)
        assert loaded is not None and loaded.access_token == "new" and loaded.refresh_token is None
        assert await delete_zoom_tokens(session, user_id=owner) is True
        assert await load_zoom_tokens(session, cipher=hub.cipher, user_id=owner) is None
        assert await delete_zoom_tokens(session, user_id=owner) is False


def test_the_token_key_is_made_once_and_kept(hub: Hub) -> None:
    key_file = hub.settings.data_dir / "hub-token-keys"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert token_keys(hub.settings) == [key_file.read_text().strip()]
