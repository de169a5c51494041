"""Tokens against the emulator in strict mode (only issued, unexpired tokens pass),
and token-endpoint corner cases against a MockTransport."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import BASE
from tests.zoom.conftest import MOCK_TOKEN_URL, mock_client
from zoomstack.config import AuthMode, EmulatorSettings
from zoomstack.emulator.state import Emulator
from zoomstack.zoom import (
    AuthError,
    RetryPolicy,
    ServerToServerAuth,
    TokenSet,
    UserOAuth,
    ZoomClient,
    authorize_url,
    exchange_code,
)

TOKEN_URL = f"{BASE}/oauth/token"
REDIRECT = "https://hub.example/oauth/callback"


@pytest.fixture
def emulator_settings(store_url: str, tmp_path: Path) -> EmulatorSettings:
    return EmulatorSettings(
        db=store_url, data_dir=tmp_path, public_url=BASE, auth_mode=AuthMode.strict
    )


class Counting(httpx.AsyncBaseTransport):
    """Passes requests on, counting those to the token endpoint."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.token_requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            self.token_requests += 1
        return await self.inner.handle_async_request(request)


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def s2s_auth(emulator: Emulator, clock: Clock | None = None) -> ServerToServerAuth:
    settings = emulator.settings
    return ServerToServerAuth(
        account_id=settings.account_id,
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value(),
        token_url=TOKEN_URL,
        clock=clock or Clock(),
    )


async def test_token_is_fetched_once_and_reused(
    emulator_app: Starlette, emulator: Emulator, retry: RetryPolicy
) -> None:
    transport = Counting(httpx.ASGITransport(app=emulator_app))
    client = ZoomClient(s2s_auth(emulator), base_url=f"{BASE}/v2", transport=transport, retry=retry)
    async with client as zoom:
        await zoom.me()
        await asyncio.gather(*(zoom.me() for _ in range(5)))
    assert transport.token_requests == 1


async def test_token_is_renewed_before_it_expires(
    emulator_app: Starlette, emulator: Emulator, retry: RetryPolicy
) -> None:
    clock = Clock()
    transport = Counting(httpx.ASGITransport(app=emulator_app))
    auth = s2s_auth(emulator, clock)
    async with ZoomClient(auth, base_url=f"{BASE}/v2", transport=transport, retry=retry) as zoom:
        await zoom.me()
        first = auth.tokens
        clock.now += 3600 - 301  # still outside the 300 s margin
        await zoom.me()
        clock.now += 2  # inside it
        await zoom.me()
    assert transport.token_requests == 2
    assert auth.tokens is not None and first is not None
    assert auth.tokens.access_token != first.access_token


async def test_token_refused_by_zoom_is_replaced_once(
    emulator_app: Starlette, emulator: Emulator, retry: RetryPolicy
) -> None:
    transport = Counting(httpx.ASGITransport(app=emulator_app))
    async with ZoomClient(
        s2s_auth(emulator), base_url=f"{BASE}/v2", transport=transport, retry=retry
    ) as zoom:
        await zoom.me()
        emulator.clock.offset_seconds += 3601  # Zoom's side: the token has expired
        user = await zoom.me()
    assert user.id
    assert transport.token_requests == 2


async def test_wrong_secret_is_an_auth_error(
    emulator_app: Starlette, emulator: Emulator, retry: RetryPolicy
) -> None:
    settings = emulator.settings
    client = ZoomClient.server_to_server(
        account_id=settings.account_id,
        client_id=settings.client_id,
        client_secret="wrong",
        token_url=TOKEN_URL,
        base_url=f"{BASE}/v2",
        transport=httpx.ASGITransport(app=emulator_app),
        retry=retry,
    )
    async with client as zoom:
        with pytest.raises(AuthError) as caught:
            await zoom.me()
    assert caught.value.status == 401
    assert "client" in caught.value.message


async def authorization_code(http: httpx.AsyncClient, emulator: Emulator) -> str:
    url = authorize_url(
        client_id=emulator.settings.client_id,
        redirect_uri=REDIRECT,
        state="s1",
        url=f"{BASE}/oauth/authorize",
    )
    response = await http.get(url)
    assert response.status_code == 302, response.text
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["state"] == ["s1"]
    return query["code"][0]


async def test_user_oauth_code_exchange_and_rotating_refresh(
    emulator_app: Starlette, emulator: Emulator, retry: RetryPolicy
) -> None:
    settings = emulator.settings
    secret = settings.client_secret.get_secret_value()
    clock = Clock()
    saved: list[TokenSet] = []

    async def persist(tokens: TokenSet) -> None:
        saved.append(tokens)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emulator_app)) as http:
        code = await authorization_code(http, emulator)
        tokens = await exchange_code(
            http,
            code=code,
            redirect_uri=REDIRECT,
            client_id=settings.client_id,
            client_secret=secret,
            token_url=TOKEN_URL,
            clock=clock,
        )
        assert tokens.refresh_token and tokens.expires_at == clock.now + 3600
        auth = UserOAuth(
            tokens,
            client_id=settings.client_id,
            client_secret=secret,
            token_url=TOKEN_URL,
            on_refresh=persist,
            clock=clock,
        )
        async with ZoomClient(auth, base_url=f"{BASE}/v2", http=http, retry=retry) as zoom:
            assert (await zoom.me()).email == "owner@zoomstack.example"
            clock.now += 3500
            emulator.clock.offset_seconds += 3500
            assert (await zoom.me()).email == "owner@zoomstack.example"
        assert len(saved) == 1
        assert saved[0].refresh_token not in (None, tokens.refresh_token)
        assert auth.tokens == saved[0]
        with pytest.raises(AuthError):  # rotation: the first refresh token is spent
            await UserOAuth(
                TokenSet("dead", tokens.refresh_token, 0.0),
                client_id=settings.client_id,
                client_secret=secret,
                token_url=TOKEN_URL,
            ).token(http)


async def exchange(http: httpx.AsyncClient, emulator: Emulator, code: str) -> TokenSet:
    settings = emulator.settings
    return await exchange_code(
        http,
        code=code,
        redirect_uri=REDIRECT,
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value(),
        token_url=TOKEN_URL,
    )


async def test_code_works_only_once(emulator_app: Starlette, emulator: Emulator) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emulator_app)) as http:
        code = await authorization_code(http, emulator)
        await exchange(http, emulator, code)
        with pytest.raises(AuthError, match="Invalid authorization code"):
            await exchange(http, emulator, code)


async def test_expired_user_token_without_refresh_token() -> None:
    auth = UserOAuth(
        TokenSet("old", None, 0.0), client_id="c", client_secret="s", token_url=MOCK_TOKEN_URL
    )
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(500))
    ) as http:
        with pytest.raises(AuthError, match="no refresh token"):
            await auth.token(http)


async def test_refused_token_is_replaced_only_once(retry: RetryPolicy) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url).startswith(MOCK_TOKEN_URL):
            return httpx.Response(200, json={"access_token": f"t{len(seen)}", "expires_in": 3600})
        seen.append(request.headers["authorization"])
        return httpx.Response(401, json={"code": 124, "message": "Invalid access token."})

    async with mock_client(handler, retry) as zoom:
        with pytest.raises(AuthError) as caught:
            await zoom.me()
    assert caught.value.code == 124
    assert seen == ["Bearer t0", "Bearer t1"]


async def test_other_401s_keep_the_token(retry: RetryPolicy) -> None:
    tokens: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url).startswith(MOCK_TOKEN_URL):
            tokens.append(1)
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        return httpx.Response(
            401, json={"code": 4700, "message": "Invalid access token, no scopes."}
        )

    async with mock_client(handler, retry) as zoom:
        with pytest.raises(AuthError):
            await zoom.me()
    assert tokens == [1]


async def test_token_endpoint_outage_is_retried(retry: RetryPolicy) -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json={"access_token": "t"})])

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url).startswith(MOCK_TOKEN_URL):
            return next(answers)
        return httpx.Response(200, json={"id": "u1"})

    async with mock_client(handler, retry) as zoom:
        assert (await zoom.me()).id == "u1"


def test_authorize_url_with_pkce() -> None:
    url = authorize_url(client_id="cid", redirect_uri=REDIRECT, code_challenge="abc")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://zoom.us/oauth/authorize?")
    assert query == {
        "response_type": ["code"],
        "client_id": ["cid"],
        "redirect_uri": [REDIRECT],
        "code_challenge": ["abc"],
        "code_challenge_method": ["S256"],
    }


def test_token_set_repr_hides_secrets() -> None:
    assert "secret" not in repr(TokenSet("secret-access", "secret-refresh", 1.0))
