"""Access tokens for Zoom: Server-to-Server OAuth and user OAuth (authorization code).

A token is cached and fetched again `margin` seconds before it expires. When Zoom
still refuses it (401, code 124), the client calls `invalidate(token)`; only the
refused token is dropped, so many calls failing at once cause one refresh, not
one each (which would also burn a rotated refresh token).
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from .errors import AuthError, ZoomAPIError, error_from_response, network_error
from .models import TokenResponse

DEFAULT_TOKEN_URL = "https://zoom.us/oauth/token"
DEFAULT_AUTHORIZE_URL = "https://zoom.us/oauth/authorize"
DEFAULT_MARGIN = 300.0  # Zoom's tokens live an hour; refresh in the last five minutes

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class TokenSet:
    """An access token, its expiry (epoch seconds; None: unknown) and refresh token."""

    access_token: str
    refresh_token: str | None = None
    expires_at: float | None = None
    scope: str = ""

    def __repr__(self) -> str:
        return f"TokenSet(expires_at={self.expires_at!r}, scope={self.scope!r})"

    @classmethod
    def from_response(
        cls, response: TokenResponse, now: float, previous: TokenSet | None = None
    ) -> TokenSet:
        # Zoom rotates refresh tokens; keep the old one only if none came back.
        refresh = response.refresh_token or (previous.refresh_token if previous else None)
        return cls(response.access_token, refresh, now + response.expires_in, response.scope)


OnRefresh = Callable[[TokenSet], Awaitable[None]]


async def request_token(
    http: httpx.AsyncClient, url: str, params: dict[str, str], client: tuple[str, str]
) -> TokenResponse:
    """POST to Zoom's token endpoint with the app's Basic credentials."""
    try:
        response = await http.post(
            url,
            content=urlencode(params),
            headers={"content-type": "application/x-www-form-urlencoded"},
            auth=client,
        )
    except httpx.TransportError as exc:
        raise network_error(exc) from exc
    if response.status_code >= 500:
        raise error_from_response(response)
    if response.status_code != 200:
        raise _auth_error(error_from_response(response))
    return TokenResponse.model_validate(response.json())


def _auth_error(exc: ZoomAPIError) -> AuthError:
    return AuthError(exc.message, status=exc.status, code=exc.code, errors=exc.errors)


class Auth(ABC):
    """Hands out a valid access token, fetching a new one when needed."""

    def __init__(self, *, margin: float = DEFAULT_MARGIN, clock: Clock = time.time) -> None:
        self.margin = margin
        self.clock = clock
        self._tokens: TokenSet | None = None
        self._lock = asyncio.Lock()

    @property
    def tokens(self) -> TokenSet | None:
        return self._tokens

    def _fresh(self) -> bool:
        tokens = self._tokens
        if tokens is None:
            return False
        return tokens.expires_at is None or self.clock() < tokens.expires_at - self.margin

    async def token(self, http: httpx.AsyncClient) -> str:
        """A token that is not about to expire (one fetch even under concurrent calls)."""
        async with self._lock:
            if not self._fresh():
                self._tokens = await self._fetch(http)
            assert self._tokens is not None
            return self._tokens.access_token

    def invalidate(self, access_token: str) -> None:
        """Zoom refused `access_token`: fetch a new one next time, unless that was done."""
        tokens = self._tokens
        if tokens is not None and tokens.access_token == access_token:
            self._tokens = TokenSet(tokens.access_token, tokens.refresh_token, 0.0, tokens.scope)

    @abstractmethod
    async def _fetch(self, http: httpx.AsyncClient) -> TokenSet: ...


class ServerToServerAuth(Auth):
    """Server-to-Server OAuth: `grant_type=account_credentials` for one account."""

    def __init__(
        self,
        *,
        account_id: str,
        client_id: str,
        client_secret: str,
        token_url: str = DEFAULT_TOKEN_URL,
        margin: float = DEFAULT_MARGIN,
        clock: Clock = time.time,
    ) -> None:
        super().__init__(margin=margin, clock=clock)
        self.account_id = account_id
        self.client_id = client_id
        self._client_secret = client_secret
        self.token_url = token_url

    async def _fetch(self, http: httpx.AsyncClient) -> TokenSet:
        params = {"grant_type": "account_credentials", "account_id": self.account_id}
        client = (self.client_id, self._client_secret)
        answer = await request_token(http, self.token_url, params, client)
        return TokenSet.from_response(answer, self.clock())


class UserOAuth(Auth):
    """A user's OAuth tokens; refreshed with `grant_type=refresh_token`.

    Zoom rotates the refresh token on every refresh and the old one stops
    working, so `on_refresh` is awaited with each new TokenSet: persist it there.
    """

    def __init__(
        self,
        tokens: TokenSet,
        *,
        client_id: str,
        client_secret: str,
        token_url: str = DEFAULT_TOKEN_URL,
        on_refresh: OnRefresh | None = None,
        margin: float = DEFAULT_MARGIN,
        clock: Clock = time.time,
    ) -> None:
        super().__init__(margin=margin, clock=clock)
        self._tokens = tokens
        self.client_id = client_id
        self._client_secret = client_secret
        self.token_url = token_url
        self.on_refresh = on_refresh

    async def _fetch(self, http: httpx.AsyncClient) -> TokenSet:
        old = self._tokens
        if old is None or not old.refresh_token:
            raise AuthError("The access token expired and there is no refresh token.", status=401)
        params = {"grant_type": "refresh_token", "refresh_token": old.refresh_token}
        client = (self.client_id, self._client_secret)
        answer = await request_token(http, self.token_url, params, client)
        tokens = TokenSet.from_response(answer, self.clock(), old)
        self._tokens = tokens  # kept even if persisting fails: the old refresh token is dead
        if self.on_refresh is not None:
            await self.on_refresh(tokens)
        return tokens


async def exchange_code(
    http: httpx.AsyncClient,
    *,
    code: str,
    redirect_uri: str,
    client_id: str,
    client_secret: str,
    code_verifier: str | None = None,
    token_url: str = DEFAULT_TOKEN_URL,
    clock: Clock = time.time,
) -> TokenSet:
    """Trade the `code` Zoom sent to `redirect_uri` for a user's tokens."""
    params = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if code_verifier:
        params["code_verifier"] = code_verifier
    answer = await request_token(http, token_url, params, (client_id, client_secret))
    return TokenSet.from_response(answer, clock())


def authorize_url(
    *,
    client_id: str,
    redirect_uri: str,
    state: str | None = None,
    code_challenge: str | None = None,
    url: str = DEFAULT_AUTHORIZE_URL,
) -> str:
    """Where to send a user's browser to grant this app access (S256 PKCE if a challenge)."""
    query = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri}
    if state is not None:
        query["state"] = state
    if code_challenge is not None:
        query["code_challenge"] = code_challenge
        query["code_challenge_method"] = "S256"
    return f"{url}?{urlencode(query)}"
