"""Issued OAuth tokens: creation, lookup (cached per worker), rotation and revocation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .store import Doc

if TYPE_CHECKING:
    from .state import Emulator

ACCESS = "access_token"
REFRESH = "refresh_token"
CODE = "auth_code"

S2S_SCOPES = (
    "user:read:admin user:write:admin meeting:read:admin meeting:write:admin "
    "recording:read:admin recording:write:admin report:read:admin dashboard:read:admin "
    "webinar:read:admin webinar:write:admin account:read:admin"
)
USER_SCOPES = "user:read meeting:read meeting:write recording:read recording:write"

# A worker keeps this many tokens in memory; the store stays the truth.
_CACHE_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling (see `auth`)."""

    account_id: str
    user_id: str | None  # the token's user; None for Server-to-Server tokens
    scope: str


@dataclass(frozen=True, slots=True)
class TokenInfo:
    token: str
    account_id: str
    user_id: str | None  # None for account-level (Server-to-Server) tokens
    client_id: str
    scope: str
    expires_at: float
    # Built once per token rather than once per request that presents it.
    principal: Principal = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "principal", Principal(self.account_id, self.user_id, self.scope))

    def as_body(self) -> dict[str, object]:
        return {
            "account_id": self.account_id,
            "user_id": self.user_id,
            "client_id": self.client_id,
            "scope": self.scope,
            "expires_at": self.expires_at,
        }


def _info(token: str, body: dict[str, object]) -> TokenInfo:
    user_id = body.get("user_id")
    return TokenInfo(
        token=token,
        account_id=str(body["account_id"]),
        user_id=str(user_id) if user_id else None,
        client_id=str(body.get("client_id", "")),
        scope=str(body.get("scope", "")),
        expires_at=float(str(body["expires_at"])),
    )


class TokenService:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self._cache: dict[str, TokenInfo] = {}

    async def issue(
        self, *, account_id: str, user_id: str | None, client_id: str, scope: str, refresh: bool
    ) -> tuple[TokenInfo, str | None]:
        ttl = self.emu.settings.token_ttl_seconds
        info = TokenInfo(
            token=self.emu.ids.token(48),
            account_id=account_id,
            user_id=user_id,
            client_id=client_id,
            scope=scope,
            expires_at=self.emu.clock.timestamp() + ttl,
        )
        await self.emu.store.insert(Doc(ACCESS, info.token, account_id, info.as_body()))
        refresh_token = None
        if refresh:
            refresh_token = self.emu.ids.token(48)
            body = {**info.as_body(), "expires_at": self.emu.clock.timestamp() + 90 * 86400}
            await self.emu.store.insert(Doc(REFRESH, refresh_token, account_id, body))
        return info, refresh_token

    async def lookup(self, token: str) -> TokenInfo | None:
        info = self._cache.get(token)
        if info is None:
            doc = await self.emu.store.get(ACCESS, token)
            if doc is None:
                return None
            info = _info(token, doc.body)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[token] = info
        return info

    async def take_refresh(self, token: str) -> TokenInfo | None:
        """Consume a refresh token (rotation: each one works once)."""
        doc = await self.emu.store.delete(REFRESH, token)
        if doc is None:
            return None
        info = _info(token, doc.body)
        return info if info.expires_at > self.emu.clock.timestamp() else None

    async def revoke(self, token: str) -> bool:
        self._cache.pop(token, None)
        gone = await self.emu.store.delete(ACCESS, token)
        gone_refresh = await self.emu.store.delete(REFRESH, token)
        return gone is not None or gone_refresh is not None

    def forget(self) -> None:
        self._cache.clear()
