"""User OAuth whose tokens live in the hub's database, encrypted, refreshed on demand.

Zoom rotates the refresh token on every refresh and the old one stops working. Two
hub processes acting for the same user could both refresh with the same refresh
token, and the second would fail; so before refreshing, the tokens are read again
from the database, and another process's fresh ones are used instead.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from ...zoom import TokenSet, UserOAuth
from ..db.session import Database
from .crypto import TokenCipher
from .zoom_tokens import ZoomTokenSecrets, load_zoom_tokens, save_zoom_tokens


def to_token_set(secrets: ZoomTokenSecrets) -> TokenSet:
    expires = secrets.expires_at.timestamp() if secrets.expires_at else None
    return TokenSet(secrets.access_token, secrets.refresh_token, expires, secrets.scope)


def expiry(tokens: TokenSet) -> datetime | None:
    if tokens.expires_at is None:
        return None
    return datetime.fromtimestamp(tokens.expires_at, UTC)


class StoredUserOAuth(UserOAuth):
    """A hub user's Zoom tokens: rotated ones are saved before they are used."""

    def __init__(
        self,
        tokens: TokenSet,
        *,
        db: Database,
        cipher: TokenCipher,
        user_id: str,
        client_id: str,
        client_secret: str,
        token_url: str,
    ) -> None:
        super().__init__(
            tokens,
            client_id=client_id,
            client_secret=client_secret,
            token_url=token_url,
            on_refresh=self._save,
        )
        self.db = db
        self.cipher = cipher
        self.user_id = user_id

    async def _fetch(self, http: httpx.AsyncClient) -> TokenSet:
        stored = await self._load()
        current = self._tokens
        if stored is not None and current is not None:
            newer = stored.access_token != current.access_token
            if newer and self._usable(stored):
                return stored
            if newer:  # refresh with the newest refresh token, the others are spent
                self._tokens = stored
        return await super()._fetch(http)

    def _usable(self, tokens: TokenSet) -> bool:
        return tokens.expires_at is None or self.clock() < tokens.expires_at - self.margin

    async def _load(self) -> TokenSet | None:
        async with self.db.sessions() as session:
            secrets = await load_zoom_tokens(session, cipher=self.cipher, user_id=self.user_id)
        return to_token_set(secrets) if secrets else None

    async def _save(self, tokens: TokenSet) -> None:
        async with self.db.sessions() as session:
            previous = await load_zoom_tokens(session, cipher=self.cipher, user_id=self.user_id)
            if previous is None:
                return  # disconnected meanwhile: do not bring the tokens back
            await save_zoom_tokens(
                session,
                cipher=self.cipher,
                user_id=self.user_id,
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                expires_at=expiry(tokens),
                scope=tokens.scope or previous.scope,
                account_id=previous.account_id,
            )
