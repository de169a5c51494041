"""The OAuth server as real clients use it, in strict mode: the three ways SDKs ask
for a token, authorization codes with state and PKCE, refresh-token rotation."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.conftest import BASE
from zoomstack.config import AuthMode, EmulatorSettings
from zoomstack.emulator.state import Emulator

REDIRECT = "http://localhost:4000/zoom/callback"
VERIFIER = "a-long-enough-code-verifier-0123456789-abcdefghijklmnop"


@pytest.fixture
def emulator_settings(store_url: str, tmp_path: Path) -> EmulatorSettings:
    return EmulatorSettings(
        db=store_url, data_dir=tmp_path, public_url=BASE, auth_mode=AuthMode.strict
    )


def basic(emulator: Emulator) -> tuple[str, str]:
    settings = emulator.settings
    return settings.client_id, settings.client_secret.get_secret_value()


def grant(emulator: Emulator) -> dict[str, str]:
    return {"grant_type": "account_credentials", "account_id": emulator.settings.account_id}


def assert_token_body(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert isinstance(body["expires_in"], int) and body["expires_in"] > 0
    assert isinstance(body["scope"], str) and body["scope"]
    token: str = body["access_token"]
    return token


async def me(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.get("/v2/users/me", headers={"Authorization": f"Bearer {token}"})


# -- token requests ------------------------------------------------------------------


async def test_form_body_with_basic_auth(client: httpx.AsyncClient, emulator: Emulator) -> None:
    response = await client.post("/oauth/token", data=grant(emulator), auth=basic(emulator))
    assert (await me(client, assert_token_body(response))).status_code == 200


async def test_query_string_with_json_type_and_empty_body(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    response = await client.post(
        "/oauth/token",
        params=grant(emulator),
        auth=basic(emulator),
        headers={"Content-Type": "application/json"},
        content=b"",
    )
    assert (await me(client, assert_token_body(response))).status_code == 200


async def test_query_string_with_no_body_at_all(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    response = await client.post("/oauth/token", params=grant(emulator), auth=basic(emulator))
    assert (await me(client, assert_token_body(response))).status_code == 200


async def test_credentials_in_the_form_body(client: httpx.AsyncClient, emulator: Emulator) -> None:
    client_id, secret = basic(emulator)
    form = {**grant(emulator), "client_id": client_id, "client_secret": secret}
    response = await client.post("/oauth/token", data=form)
    assert (await me(client, assert_token_body(response))).status_code == 200


async def test_json_body(client: httpx.AsyncClient, emulator: Emulator) -> None:
    response = await client.post("/oauth/token", json=grant(emulator), auth=basic(emulator))
    assert_token_body(response)


async def test_trailing_slash_and_ampersand(client: httpx.AsyncClient, emulator: Emulator) -> None:
    query = "&".join(f"{k}={v}" for k, v in grant(emulator).items())
    response = await client.post(f"/oauth/token/?{query}&", auth=basic(emulator))
    assert_token_body(response)


async def test_every_call_may_fetch_a_token(client: httpx.AsyncClient, emulator: Emulator) -> None:
    tokens = set()
    for _ in range(25):
        response = await client.post("/oauth/token", data=grant(emulator), auth=basic(emulator))
        tokens.add(assert_token_body(response))
    assert len(tokens) == 25


async def test_wrong_secret_is_refused(client: httpx.AsyncClient, emulator: Emulator) -> None:
    response = await client.post(
        "/oauth/token", data=grant(emulator), auth=(emulator.settings.client_id, "wrong")
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_unknown_grant_is_refused(client: httpx.AsyncClient, emulator: Emulator) -> None:
    response = await client.post("/oauth/token", data={"grant_type": "magic"}, auth=basic(emulator))
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


# -- authorization code, PKCE, refresh -------------------------------------------------


def challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


async def authorize(client: httpx.AsyncClient, emulator: Emulator, **extra: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": emulator.settings.client_id,
        "redirect_uri": REDIRECT,
        "state": "xyz/+ =&1",
        "code_challenge": challenge(VERIFIER),
        "code_challenge_method": "S256",
        **extra,
    }
    response = await client.get("/oauth/authorize", params=params)
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    return {k: v[0] for k, v in parse_qs(location.query).items()}


async def exchange(
    client: httpx.AsyncClient, emulator: Emulator, code: str, **extra: str
) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
        **extra,
    }
    return await client.post("/oauth/token", data=form, auth=basic(emulator))


async def user_login(client: httpx.AsyncClient, emulator: Emulator) -> dict[str, Any]:
    """Authorize as a member user; the token answer."""
    token = await client.post("/oauth/token", data=grant(emulator), auth=basic(emulator))
    admin = {"Authorization": f"Bearer {token.json()['access_token']}"}
    info = {"email": "member@example.com", "type": 1}
    created = await client.post(
        "/v2/users", headers=admin, json={"action": "custCreate", "user_info": info}
    )
    assert created.status_code == 201
    query = await authorize(client, emulator, login_hint="member@example.com")
    response = await exchange(client, emulator, query["code"])
    assert_token_body(response)
    body: dict[str, Any] = response.json()
    return body


async def test_authorize_redirects_with_code_and_state(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    query = await authorize(client, emulator)
    assert query["state"] == "xyz/+ =&1"
    assert query["code"]


async def test_code_with_pkce_gives_a_user_token(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    body = await user_login(client, emulator)
    assert body["refresh_token"]
    got = await me(client, body["access_token"])
    assert got.json()["email"] == "member@example.com"


@pytest.mark.parametrize(
    "extra",
    [
        {"code_verifier": "not-the-verifier"},
        {"code_verifier": ""},
        {"redirect_uri": REDIRECT + "x"},
    ],
)
async def test_code_exchange_checks_verifier_and_redirect(
    client: httpx.AsyncClient, emulator: Emulator, extra: dict[str, str]
) -> None:
    query = await authorize(client, emulator)
    response = await exchange(client, emulator, query["code"], **extra)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


async def test_a_code_works_once(client: httpx.AsyncClient, emulator: Emulator) -> None:
    query = await authorize(client, emulator)
    assert_token_body(await exchange(client, emulator, query["code"]))
    again = await exchange(client, emulator, query["code"])
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


async def test_authorize_needs_a_redirect_uri(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    response = await client.get(
        "/oauth/authorize",
        params={"response_type": "code", "client_id": emulator.settings.client_id},
    )
    assert response.status_code == 400


async def test_refresh_rotates_and_old_refresh_token_is_refused(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    first = await user_login(client, emulator)
    form = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    second = await client.post("/oauth/token", data=form, auth=basic(emulator))
    assert_token_body(second)
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert (await me(client, second.json()["access_token"])).json()["email"] == (
        "member@example.com"
    )
    reused = await client.post("/oauth/token", data=form, auth=basic(emulator))
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_request"
    form["refresh_token"] = second.json()["refresh_token"]
    assert_token_body(await client.post("/oauth/token", data=form, auth=basic(emulator)))


# -- strict mode: Zoom's 124 ----------------------------------------------------------


def assert_124(response: httpx.Response, message: str = "Invalid access token.") -> None:
    assert response.status_code == 401
    assert response.json() == {"code": 124, "message": message}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer forged-token"}, {"Authorization": "Bearer "}],
    ids=["missing", "forged", "empty"],
)
async def test_missing_or_forged_token_gets_124(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    assert_124(await client.get("/v2/users/me", headers=headers))
    assert_124(await client.post("/v2/users/me/meetings", headers=headers, json={}))


async def test_expired_token_gets_124(
    client: httpx.AsyncClient, emulator: Emulator, auth: dict[str, str]
) -> None:
    assert (await client.get("/v2/users/me", headers=auth)).status_code == 200
    ttl = emulator.settings.token_ttl_seconds
    advanced = await client.post("/_emulator/clock", json={"advance_seconds": ttl + 1})
    assert advanced.status_code == 200
    assert_124(await client.get("/v2/users/me", headers=auth), "Access token is expired.")


async def test_revoked_token_gets_124(
    client: httpx.AsyncClient, emulator: Emulator, token: str, auth: dict[str, str]
) -> None:
    response = await client.post("/oauth/revoke", params={"token": token}, auth=basic(emulator))
    assert response.status_code == 200
    assert_124(await client.get("/v2/users/me", headers=auth))


async def test_token_in_the_query_string(client: httpx.AsyncClient, token: str) -> None:
    response = await client.get("/v2/users/me", params={"access_token": token})
    assert response.status_code == 200
