"""What browsers are told about the hub's answers: security headers and CORS.

Every answer says: sniff no content types, never frame this, send no referrer (signed
download links carry their signature in the query), open no cross-origin windows, load
no plugins. Answers to signed-in requests are not cached. Over HTTPS, HSTS too.

Other origins may call the API only when listed in `cors_origins` (none by default:
the dashboard is served by the hub itself, same origin). Credentials travel in the
`Authorization` or `X-API-Key` header, never in cookies, so CORS never allows them.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import HubSettings

HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    # Scripts stay allowed: the dashboard and the API docs have their own.
    "content-security-policy": "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000; includeSubDomains"
CREDENTIAL_HEADERS = (b"authorization", b"x-api-key", b"cookie")
CORS_HEADERS = ["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"]


class SecurityHeaders:
    """Adds HEADERS (and HSTS over HTTPS) to every HTTP answer, keeping any the route set."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        signed_in = any(name in CREDENTIAL_HEADERS for name, _ in scope.get("headers", []))
        https = self.https or scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if https:
                    headers.setdefault("strict-transport-security", HSTS)
                if signed_in:
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


def install_http_security(app: FastAPI, settings: HubSettings) -> None:
    """CORS for the configured origins, then the headers on every answer (CORS's too)."""
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=CORS_HEADERS,
            expose_headers=["X-Request-ID"],
            allow_credentials=False,
            max_age=600,
        )
    app.add_middleware(SecurityHeaders, https=settings.public_url.startswith("https://"))
