"""User OAuth whose tokens live in the hub's database, encrypted, refreshed on demand.

Zoom rotates the refresh token on every refresh and the old one stops working. Two
clients acting for the same user could both refresh with the same refresh token, and
the second would fail. So refreshes of one user take turns in a process, each reads
the tokens again from the database first (and uses another client's fresh ones), and
a refresh refused because another process got there first picks up what it saved.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx

from ...zoom import AuthError, TokenSet, UserOAuth
from ..db.session import Database
from .crypto import TokenCipher
from .zoom_tokens import ZoomTokenSecrets, load_zoom_tokens, save_zoom_tokens

RACE_TRIES = 3
RACE_WAIT_SECONDS = 0.2


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
        refresh_lock: asyncio.Lock | None = None,
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
        self.refresh_lock = refresh_lock or asyncio.Lock()

    async def _fetch(self, http: httpx.AsyncClient) -> TokenSet:
        async with self.refresh_lock:  # one refresh per user at a time in this process
            adopted = await self._adopt_stored()
            if adopted is not None:
                return adopted
            try:
                return await super()._fetch(http)
            except AuthError:
                # Another process may have spent the same refresh token a moment ago.
                for _ in range(RACE_TRIES):
                    await asyncio.sleep(RACE_WAIT_SECONDS)
                    adopted = await self._adopt_stored()
                    if adopted is not None:
                        return adopted
                raise

    async def _adopt_stored(self) -> TokenSet | None:
        """Tokens another client saved since these were read: usable ones are returned;
        otherwise their refresh token (the only one still good) is the one to use."""
        stored = await self._load()
        current = self._tokens
        if stored is None or current is None or stored.access_token == current.access_token:
            return None
        if self._usable(stored):
            return stored
        self._tokens = stored
        return None

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
