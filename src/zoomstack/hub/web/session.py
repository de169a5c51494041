"""Who is signed in to the dashboard: a hub session token in an HttpOnly cookie.

The cookie holds the same kind of session token `/auth/login` hands out, so the
dashboard and the API share one notion of a login. Forms that change something carry
a CSRF token derived from the session (an HMAC under the hub's secret), and the
cookie is SameSite=Lax, so another site can neither read nor forge a form post.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request

from ..auth.keys import signing_key
from ..auth.tokens import resolve_token
from ..db.models import User
from ..deps import HubDep, SessionDep
from ..errors import Forbidden
from ..schemas.calendar import check_zone

SESSION_COOKIE = "zs_session"
ZONE_COOKIE = "zs_tz"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class LoginRequired(Exception):
    """A page was asked for without a valid session: the browser goes to the login."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url
        super().__init__(next_url)


def login_url(next_url: str) -> str:
    return f"/app/login?next={quote(next_url, safe='/')}"


def csrf_token(key: bytes, session_token: str) -> str:
    return hmac.new(key, b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()[:32]


def zone_of(request: Request) -> str:
    """The browser's time zone (the dashboard's script sets it), else UTC."""
    value = request.cookies.get(ZONE_COOKIE, "")
    try:
        return check_zone(value) if value else "UTC"
    except ValueError:
        return "UTC"


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in user of a page, with what the page needs to know about them."""

    user: User
    token: str
    csrf: str
    timezone: str


async def get_viewer(request: Request, session: SessionDep, hub: HubDep) -> Viewer:
    token = request.cookies.get(SESSION_COOKIE, "")
    user = await resolve_token(session, value=token) if token else None
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target if request.method == "GET" else "/app")
    request.state.user_id = user.id  # for the request log, as the API's login does
    key = signing_key(hub.settings)
    return Viewer(user, token, csrf_token(key, token), zone_of(request))


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


async def checked_viewer(
    request: Request, viewer: ViewerDep, csrf: Annotated[str, Form()] = ""
) -> Viewer:
    """The viewer of a form post, whose CSRF token (field or header) must match."""
    sent = csrf or request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), viewer.csrf.encode()):
        raise Forbidden("The form has expired: reload the page and try again.")
    return viewer


PostingViewer = Annotated[Viewer, Depends(checked_viewer)]
