"""Zoom's OAuth server: /oauth/token, /oauth/authorize and /oauth/revoke.

Grant parameters are read from the query string and from a form body; a JSON
content type with an empty body (as some SDKs send) is never parsed as JSON.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any
from urllib.parse import urlencode

import orjson
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..config import AuthMode
from .accounts import ACCOUNT, account_owner, get_client
from .auth import emulator
from .http import json_response
from .state import Emulator
from .store import Doc
from .tokens import CODE, S2S_SCOPES, USER_SCOPES, TokenInfo

CODE_TTL_SECONDS = 600


class OAuthError(Exception):
    def __init__(self, error: str, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.error = error
        self.reason = reason
        self.status = status

    def response(self) -> Response:
        return json_response({"reason": self.reason, "error": self.error}, self.status)


async def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params)
    raw = await request.body()
    if raw.strip():
        content_type = request.headers.get("content-type", "")
        if "json" in content_type:
            try:
                body = orjson.loads(raw)
            except orjson.JSONDecodeError:
                body = None
            if isinstance(body, dict):
                params.update({k: str(v) for k, v in body.items() if v is not None})
        else:
            form = await request.form()
            params.update({k: str(v) for k, v in form.items()})
    return params


def _basic(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, secret = base64.b64decode(value.strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, secret


async def _client(emu: Emulator, request: Request, params: dict[str, str]) -> dict[str, Any]:
    """The calling app; in lenient mode unknown credentials act as the demo app."""
    creds = _basic(request) or (params.get("client_id", ""), params.get("client_secret", ""))
    client = await get_client(emu, creds[0]) if creds[0] else None
    if client and _same(str(client["client_secret"]), creds[1]):
        return client
    if emu.settings.auth_mode is AuthMode.lenient:
        default = await get_client(emu, emu.settings.client_id)
        if default:
            return {**default, "client_id": creds[0] or default["client_id"]}
    raise OAuthError("invalid_client", "Invalid client_id or client_secret", 401)


def _token_body(info: TokenInfo, ttl: int, refresh: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "access_token": info.token,
        "token_type": "bearer",
        "expires_in": ttl,
        "scope": info.scope,
    }
    if refresh:
        body["refresh_token"] = refresh
    body["api_url"] = "https://api.zoom.us"
    return body


async def _account_credentials(
    emu: Emulator, client: dict[str, Any], params: dict[str, str]
) -> Response:
    account_id = params.get("account_id") or client["account_id"]
    if account_id != client["account_id"]:
        known = await emu.store.get(ACCOUNT, account_id)
        if known is None or emu.settings.auth_mode is AuthMode.strict:
            raise OAuthError("invalid_request", "Invalid account_id")
    info, _ = await emu.tokens.issue(
        account_id=account_id,
        user_id=None,
        client_id=client["client_id"],
        scope=S2S_SCOPES,
        refresh=False,
    )
    return json_response(_token_body(info, emu.settings.token_ttl_seconds, None))


def _pkce_ok(stored: dict[str, Any], verifier: str | None) -> bool:
    challenge = stored.get("code_challenge")
    if not challenge:
        return True
    if not verifier:
        return False
    if stored.get("code_challenge_method", "plain").upper() == "S256":
        digest = hashlib.sha256(verifier.encode()).digest()
        verifier = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return _same(str(challenge), verifier)


def _same(secret: str, given: str) -> bool:
    # As bytes: compare_digest raises TypeError on str with non-ASCII characters.
    return hmac.compare_digest(secret.encode(), given.encode())


async def _authorization_code(
    emu: Emulator, client: dict[str, Any], params: dict[str, str]
) -> Response:
    code = params.get("code", "")
    doc = await emu.store.delete(CODE, code) if code else None  # a code works once
    if doc is None or float(doc.body["expires_at"]) < emu.clock.timestamp():
        raise OAuthError("invalid_grant", "Invalid authorization code " + code)
    stored = doc.body
    if stored.get("redirect_uri") and params.get("redirect_uri") != stored["redirect_uri"]:
        raise OAuthError("invalid_request", "Redirect URI mismatch.")
    if not _pkce_ok(stored, params.get("code_verifier")):
        raise OAuthError("invalid_request", "Invalid code_verifier")
    info, refresh = await emu.tokens.issue(
        account_id=doc.account_id,
        user_id=str(stored["user_id"]),
        client_id=client["client_id"],
        scope=USER_SCOPES,
        refresh=True,
    )
    return json_response(_token_body(info, emu.settings.token_ttl_seconds, refresh))


async def _refresh(emu: Emulator, client: dict[str, Any], params: dict[str, str]) -> Response:
    old = await emu.tokens.take_refresh(params.get("refresh_token", ""))
    if old is None:
        raise OAuthError("invalid_request", "Invalid Token!")
    info, refresh = await emu.tokens.issue(
        account_id=old.account_id,
        user_id=old.user_id,
        client_id=old.client_id,
        scope=old.scope,
        refresh=True,
    )
    return json_response(_token_body(info, emu.settings.token_ttl_seconds, refresh))


async def token(request: Request) -> Response:
    emu = emulator(request)
    try:
        params = await _params(request)
        client = await _client(emu, request, params)
        grant = params.get("grant_type", "")
        if grant == "account_credentials":
            return await _account_credentials(emu, client, params)
        if grant == "authorization_code":
            return await _authorization_code(emu, client, params)
        if grant == "refresh_token":
            return await _refresh(emu, client, params)
        if grant == "client_credentials":
            return await _account_credentials(emu, client, {"account_id": client["account_id"]})
        raise OAuthError("unsupported_grant_type", "Unsupported grant type")
    except OAuthError as exc:
        return exc.response()


async def authorize(request: Request) -> Response:
    """Consent is automatic: the code is issued for the user named by `login_hint`
    (an email) or for the account owner, and the browser is sent back at once."""
    emu = emulator(request)
    params = request.query_params
    if params.get("response_type", "code") != "code":
        return OAuthError("unsupported_response_type", "Unsupported response type").response()
    client = await get_client(emu, params.get("client_id", ""))
    if client is None:
        if emu.settings.auth_mode is AuthMode.strict:
            return OAuthError("invalid_client", "Invalid client_id", 400).response()
        client = await get_client(emu, emu.settings.client_id)
        assert client is not None
    redirect_uri = params.get("redirect_uri", "")
    if not redirect_uri.startswith(("http://", "https://")):
        return OAuthError("invalid_request", "Invalid redirect_uri").response()
    account_id = str(client["account_id"])
    user_id = await account_owner(emu, account_id)
    hint = params.get("login_hint")
    if hint:
        user_id = await emu.store.resolve("user", hint.lower()) or user_id
    code = emu.ids.token(32)
    body = {
        "user_id": user_id,
        "client_id": client["client_id"],
        "redirect_uri": redirect_uri,
        "code_challenge": params.get("code_challenge"),
        "code_challenge_method": params.get("code_challenge_method", "plain"),
        "expires_at": emu.clock.timestamp() + CODE_TTL_SECONDS,
    }
    await emu.store.insert(Doc(CODE, code, account_id, body))
    query = {"code": code}
    if params.get("state") is not None:
        query["state"] = params["state"]
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{urlencode(query)}", status_code=302)


async def revoke(request: Request) -> Response:
    emu = emulator(request)
    params = await _params(request)
    try:
        await _client(emu, request, params)
    except OAuthError as exc:
        return exc.response()
    await emu.tokens.revoke(params.get("token", ""))
    return json_response({"status": "success"})


routes = [
    Route("/oauth/token", token, methods=["POST"]),
    Route("/oauth/authorize", authorize, methods=["GET"]),
    Route("/oauth/revoke", revoke, methods=["POST"]),
]
