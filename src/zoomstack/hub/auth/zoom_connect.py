"""Connecting a hub user to Zoom, and the Zoom client that acts for them.

Two ways in: a user's own OAuth connection (authorization code with PKCE, state bound
to the user, tokens encrypted at rest and refreshed as needed, revocable), or the
hub's Server-to-Server app when one is configured (it acts as the account's owner,
"me"). A user's own connection wins when both exist.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode
from weakref import WeakValueDictionary

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from ...config import HubSettings
from ...zoom import AuthError, TokenSet, UserOAuth, ZoomClient, authorize_url, exchange_code
from ..db.session import Database
from ..errors import BadRequest, Conflict
from .crypto import TokenCipher
from .oauth_states import consume_state, issue_state
from .zoom_session import StoredUserOAuth, expiry, to_token_set
from .zoom_tokens import delete_zoom_tokens, load_zoom_tokens, save_zoom_tokens

log = structlog.get_logger("zoomstack.hub.zoom")

USER_OAUTH = "user_oauth"
SERVER_TO_SERVER = "server_to_server"
NONE = "none"
API_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class ZoomNotConnected(Conflict):
    default_message = (
        "Zoom is not connected for this user: connect it at /api/auth/zoom/start, "
        "or configure the hub's Server-to-Server app."
    )


@dataclass(frozen=True, slots=True)
class Authorization:
    url: str
    state: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Connection:
    mode: str
    zoom_user_id: str = ""
    account_id: str = ""
    scope: str = ""
    expires_at: datetime | None = None
    server_to_server: bool = False

    @property
    def connected(self) -> bool:
        return self.mode != NONE


class ZoomConnector:
    """The hub's way to Zoom: OAuth connect flow, and clients for each user."""

    def __init__(
        self,
        settings: HubSettings,
        *,
        db: Database,
        cipher: TokenCipher,
        transport: httpx.AsyncBaseTransport | None = None,
        server_client: ZoomClient | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.cipher = cipher
        self.http = httpx.AsyncClient(transport=transport, timeout=API_TIMEOUT)
        self.server_client = server_client  # the sync's S2S client, shared
        self._refresh_locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    async def aclose(self) -> None:
        await self.http.aclose()

    @property
    def configured(self) -> bool:
        """Whether a user OAuth app is set up (an API URL and a client id)."""
        return bool(self.settings.zoom_api_url and self.settings.zoom_user_oauth()[0])

    def _require_app(self) -> tuple[str, str]:
        if not self.configured:
            raise Conflict("No Zoom OAuth app is configured on this hub (zoom_oauth_* settings).")
        return self.settings.zoom_user_oauth()

    # -- the authorization-code flow --------------------------------------------

    async def authorization(
        self, session: AsyncSession, *, user_id: str, login_hint: str | None = None
    ) -> Authorization:
        """Where to send the user's browser, with a fresh state bound to `user_id`."""
        client_id, _ = self._require_app()
        issued = await issue_state(
            session,
            cipher=self.cipher,
            user_id=user_id,
            redirect_uri=self.settings.zoom_oauth_redirect(),
            ttl=timedelta(seconds=self.settings.oauth_state_ttl_seconds),
        )
        url = authorize_url(
            client_id=client_id,
            redirect_uri=issued.redirect_uri,
            state=issued.value,
            code_challenge=issued.code_challenge,
            url=self.settings.zoom_oauth_page("authorize"),
        )
        if login_hint:
            url += "&" + urlencode({"login_hint": login_hint})
        return Authorization(url, issued.value, issued.expires_at)

    async def complete(
        self, session: AsyncSession, *, code: str, state: str, user_id: str | None
    ) -> Connection:
        """Trade Zoom's code for tokens, for the user the state was issued to."""
        client_id, secret = self._require_app()
        consumed = await consume_state(session, cipher=self.cipher, value=state, user_id=user_id)
        try:
            tokens = await exchange_code(
                self.http,
                code=code,
                redirect_uri=consumed.redirect_uri,
                client_id=client_id,
                client_secret=secret,
                code_verifier=consumed.code_verifier,
                token_url=self.settings.zoom_oauth_url(),
            )
        except AuthError as exc:
            raise BadRequest(f"Zoom refused the authorization code: {exc.message}") from None
        zoom_user = await self._whoami(tokens)
        await save_zoom_tokens(
            session,
            cipher=self.cipher,
            user_id=consumed.user_id,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=expiry(tokens),
            scope=tokens.scope,
            account_id=zoom_user.account_id,
            zoom_user_id=zoom_user.id,
        )
        log.info("zoom_connected", user_id=consumed.user_id, zoom_user_id=zoom_user.id)
        return await self.connection(session, user_id=consumed.user_id)

    async def _whoami(self, tokens: TokenSet) -> ZoomUser:
        client_id, secret = self.settings.zoom_user_oauth()
        auth = UserOAuth(
            tokens,
            client_id=client_id,
            client_secret=secret,
            token_url=self.settings.zoom_oauth_url(),
        )
        me = await ZoomClient(auth, base_url=self.settings.zoom_api_url, http=self.http).me()
        return ZoomUser(me.id, me.account_id)

    # -- state of a user's connection -------------------------------------------

    async def connection(self, session: AsyncSession, *, user_id: str) -> Connection:
        s2s = self.server_client is not None
        secrets = await load_zoom_tokens(session, cipher=self.cipher, user_id=user_id)
        if secrets is None:
            return Connection(SERVER_TO_SERVER if s2s else NONE, server_to_server=s2s)
        return Connection(
            USER_OAUTH,
            zoom_user_id=secrets.zoom_user_id,
            account_id=secrets.account_id,
            scope=secrets.scope,
            expires_at=secrets.expires_at,
            server_to_server=s2s,
        )

    async def disconnect(self, session: AsyncSession, *, user_id: str) -> bool:
        """Revoke the user's tokens at Zoom (best effort) and forget them."""
        secrets = await load_zoom_tokens(session, cipher=self.cipher, user_id=user_id)
        if secrets is None:
            return False
        for token in (secrets.access_token, secrets.refresh_token):
            if token:
                await self._revoke(token)
        await delete_zoom_tokens(session, user_id=user_id)
        log.info("zoom_disconnected", user_id=user_id)
        return True

    async def _revoke(self, token: str) -> None:
        client_id, secret = self.settings.zoom_user_oauth()
        try:
            response = await self.http.post(
                self.settings.zoom_oauth_page("revoke"),
                content=urlencode({"token": token}),
                headers={"content-type": "application/x-www-form-urlencoded"},
                auth=(client_id, secret),
            )
        except httpx.TransportError as exc:
            log.warning("zoom_revoke_failed", reason=type(exc).__name__)
            return
        if response.status_code != 200:
            # The tokens are forgotten anyway; Zoom lets them expire within the hour.
            log.warning("zoom_revoke_refused", status=response.status_code)

    # -- clients -----------------------------------------------------------------

    async def client(self, user_id: str) -> ZoomClient:
        """A client acting for the user: their own connection, or the S2S app."""
        async with self.db.sessions() as session:
            secrets = await load_zoom_tokens(session, cipher=self.cipher, user_id=user_id)
        if secrets is not None:
            return self._user_client(user_id, to_token_set(secrets))
        if self.server_client is not None:
            return self.server_client
        raise ZoomNotConnected()

    def _user_client(self, user_id: str, tokens: TokenSet) -> ZoomClient:
        client_id, secret = self.settings.zoom_user_oauth()
        auth = StoredUserOAuth(
            tokens,
            db=self.db,
            cipher=self.cipher,
            user_id=user_id,
            client_id=client_id,
            client_secret=secret,
            token_url=self.settings.zoom_oauth_url(),
            refresh_lock=self._refresh_lock(user_id),
        )
        return ZoomClient(auth, base_url=self.settings.zoom_api_url, http=self.http)

    def _refresh_lock(self, user_id: str) -> asyncio.Lock:
        lock = self._refresh_locks.get(user_id)
        if lock is None:
            lock = self._refresh_locks[user_id] = asyncio.Lock()
        return lock


@dataclass(frozen=True, slots=True)
class ZoomUser:
    id: str
    account_id: str
