"""Who is calling: the bearer token (or `?access_token=`) to an account and user.

In `lenient` mode (the default) any bearer value is accepted and a value the
emulator did not issue maps to the default account, as the older mock did. In
`strict` mode only issued, unexpired tokens pass; others get Zoom's 401 code 124.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Scope

from ..config import AuthMode
from .errors import InvalidAccessToken
from .state import Emulator
from .tokens import Principal as Principal


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        return bearer_token(header)
    return request.query_params.get("access_token") or None


def bearer_token(header: str) -> str | None:
    """The token of an Authorization header value; None when it is not a bearer token."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def emulator(request: Request) -> Emulator:
    emu: Emulator = request.app.state.emulator
    return emu


# Where `authenticate` leaves the caller's account, for the request log.
ACCOUNT_SCOPE_KEY = "zoomstack.account_id"


async def authenticate(request: Request) -> Principal:
    return await authenticate_token(emulator(request), bearer(request), request.scope)


async def authenticate_token(emu: Emulator, token: str | None, scope: Scope) -> Principal:
    """Who a bearer token stands for; notes the account in the ASGI scope for the log."""
    principal = await _principal(emu, token)
    scope[ACCOUNT_SCOPE_KEY] = principal.account_id
    return principal


async def _principal(emu: Emulator, token: str | None) -> Principal:
    if token is None:
        raise InvalidAccessToken()
    info = await emu.tokens.lookup(token)
    if info is not None:
        if info.expires_at <= emu.clock.timestamp():
            if emu.settings.auth_mode is AuthMode.strict:
                raise InvalidAccessToken("Access token is expired.")
        else:
            return info.principal
    if emu.settings.auth_mode is AuthMode.strict:
        raise InvalidAccessToken()
    return Principal(emu.account_id, None, "")
