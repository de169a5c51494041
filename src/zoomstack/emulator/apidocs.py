"""/openapi.json and /docs: what this emulator implements, in Zoom's own words.

Zoom REST routes are described by the operation of Zoom's spec they implement
(`spec.find_operation`), so the document says exactly what zoom.us documents for
them. OAuth and the /_emulator control plane are in no Zoom spec and are described
here. The docs page is Swagger UI, served from the pinned `swagger-ui-bundle`
package, so it needs no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from .http import json_response
from .spec import find_operation

ZOOM_TERMS = "https://zoom.us/docs/en-us/zoom_api_license_and_tou.html"
_JSON = "application/json"
_NOT_DOCUMENTED = frozenset({"HEAD", "OPTIONS"})
_SELF = frozenset({"/openapi.json", "/docs"})


def _json_body(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties}
    return {"description": description, "content": {_JSON: {"schema": schema}}}


_STRING = {"type": "string"}
_ERROR = _json_body("Zoom's error body.", {"code": {"type": "integer"}, "message": _STRING})
_OAUTH_ERROR = _json_body("OAuth error.", {"error": _STRING, "reason": _STRING})
_TOKEN = _json_body(
    "An access token (and a new refresh token for user-level grants).",
    {
        "access_token": _STRING,
        "token_type": {"type": "string", "enum": ["bearer"]},
        "expires_in": {"type": "integer"},
        "scope": _STRING,
        "refresh_token": _STRING,
        "api_url": _STRING,
    },
)
_GRANT_FORM = {
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "required": ["grant_type"],
                "properties": {
                    "grant_type": {
                        "type": "string",
                        "enum": [
                            "account_credentials",
                            "authorization_code",
                            "refresh_token",
                            "client_credentials",
                        ],
                    },
                    "account_id": _STRING,
                    "code": _STRING,
                    "redirect_uri": _STRING,
                    "code_verifier": _STRING,
                    "refresh_token": _STRING,
                },
            }
        }
    }
}


def _query(name: str, description: str, required: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "string"},
    }


OAUTH_TAG = "OAuth"
CONTROL_TAG = "Emulator control"

# Operations in no Zoom spec, by (path, method).
HAND_WRITTEN: dict[tuple[str, str], dict[str, Any]] = {
    ("/oauth/token", "post"): {
        "tags": [OAUTH_TAG],
        "operationId": "oauthToken",
        "summary": "Get an access token",
        "description": (
            "Client credentials by HTTP Basic auth (or `client_id`/`client_secret`). "
            "Grant parameters may come in a form body or in the query string; a JSON "
            "content type with an empty body is accepted, as some SDKs send it. "
            "Refresh tokens rotate: each works once."
        ),
        "security": [{"client_basic": []}],
        "requestBody": _GRANT_FORM,
        "responses": {"200": _TOKEN, "400": _OAUTH_ERROR, "401": _OAUTH_ERROR},
    },
    ("/oauth/authorize", "get"): {
        "tags": [OAUTH_TAG],
        "operationId": "oauthAuthorize",
        "summary": "Authorize an app (consent is automatic)",
        "description": "Redirects to `redirect_uri` with `code` and the given `state`.",
        "parameters": [
            _query("response_type", "Only `code`."),
            _query("client_id", "The app's client ID.", required=True),
            _query("redirect_uri", "Where the browser goes back to.", required=True),
            _query("state", "Echoed back on the redirect."),
            _query("code_challenge", "PKCE challenge."),
            _query("code_challenge_method", "`S256` or `plain`."),
            _query("login_hint", "Email of the user who consents; the owner if absent."),
        ],
        "responses": {"302": {"description": "Redirect to redirect_uri?code=...&state=..."}},
    },
    ("/oauth/revoke", "post"): {
        "tags": [OAUTH_TAG],
        "operationId": "oauthRevoke",
        "summary": "Revoke an access or refresh token",
        "security": [{"client_basic": []}],
        "parameters": [_query("token", "The token to revoke.", required=True)],
        "responses": {"200": _json_body("Revoked.", {"status": _STRING})},
    },
    ("/_emulator/health", "get"): {
        "tags": [CONTROL_TAG],
        "operationId": "emulatorHealth",
        "summary": "Health, store kind, auth mode and the emulator's clock",
        "responses": {
            "200": _json_body(
                "Healthy.",
                {
                    "status": _STRING,
                    "store": _STRING,
                    "auth_mode": _STRING,
                    "account_id": _STRING,
                    "now": {"type": "string", "format": "date-time"},
                    "pid": {"type": "integer", "description": "the worker that answered"},
                },
            )
        },
    },
    ("/_emulator/reset", "post"): {
        "tags": [CONTROL_TAG],
        "operationId": "emulatorReset",
        "summary": "Wipe all state and recreate the default account",
        "responses": {"200": _json_body("Reset.", {"status": _STRING})},
    },
    ("/_emulator/clock", "get"): {
        "tags": [CONTROL_TAG],
        "operationId": "emulatorClock",
        "summary": "The emulator's clock",
        "responses": {
            "200": _json_body("Now.", {"now": _STRING, "offset_seconds": {"type": "number"}})
        },
    },
    ("/_emulator/clock", "post"): {
        "tags": [CONTROL_TAG],
        "operationId": "emulatorClockAdvance",
        "summary": "Move the emulator's clock forward",
        "requestBody": {
            "content": {
                _JSON: {
                    "schema": {
                        "type": "object",
                        "required": ["advance_seconds"],
                        "properties": {"advance_seconds": {"type": "number"}},
                    }
                }
            }
        },
        "responses": {
            "200": _json_body("Now.", {"now": _STRING, "offset_seconds": {"type": "number"}}),
            "400": _ERROR,
        },
    },
}


def _generic(path: str, method: str, name: str) -> dict[str, Any]:
    """An operation neither Zoom's spec nor HAND_WRITTEN describes (still listed)."""
    tag = CONTROL_TAG if path.startswith("/_emulator") else "Emulator extras"
    return {
        "tags": [tag],
        "operationId": re.sub(r"[^A-Za-z0-9]+", "_", f"{method.lower()}{path}").strip("_"),
        "summary": name.replace("_", " "),
        "parameters": [_path_param(p[1:-1]) for p in path.split("/") if p.startswith("{")],
        # "2XX": some answer 200 with a body, some 201, some 204 with none.
        "responses": {"2XX": {"description": "Done."}, "default": _ERROR},
    }


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _template(path: str) -> str:
    """A Starlette path as an OpenAPI one: `{meeting_id:path}` -> `{meeting_id}`."""
    parts = path.split("/")
    return "/".join(
        p.split(":", 1)[0] + "}" if p.startswith("{") and ":" in p else p for p in parts
    )


def _endpoints(routes: Iterable[BaseRoute]) -> Iterator[tuple[str, str, str]]:
    for route in routes:
        if isinstance(route, Route) and route.methods and route.path not in _SELF:
            for method in sorted(route.methods - _NOT_DOCUMENTED):
                yield _template(route.path), method, route.name


def _describe(path: str, method: str, name: str) -> tuple[str, dict[str, Any]]:
    op = find_operation(method, path) if path.startswith("/v2/") else None
    if op is not None:
        return f"/v2{op.path}", dict(op.raw)
    return path, HAND_WRITTEN.get((path, method.lower())) or _generic(path, method, name)


def _package_version() -> str:
    try:
        return version("zoomstack")
    except PackageNotFoundError:
        return "0"


def build_document(routes: Iterable[BaseRoute]) -> dict[str, Any]:
    """The OpenAPI 3.0 document of the routes an app has registered."""
    paths: dict[str, dict[str, Any]] = {}
    for path, method, name in _endpoints(routes):
        documented_path, operation = _describe(path, method, name)
        paths.setdefault(documented_path, {})[method.lower()] = operation
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "zoomstack emulator",
            "version": _package_version(),
            "description": (
                "The Zoom API operations this emulator implements. Their descriptions "
                f"and schemas are Zoom's, from Zoom's OpenAPI files ({ZOOM_TERMS})."
            ),
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": OAUTH_TAG}, {"name": CONTROL_TAG}],
        "paths": dict(sorted(paths.items())),
        "components": {"securitySchemes": _security_schemes()},
    }


def _security_schemes() -> dict[str, Any]:
    """Zoom's scheme names (its operations refer to them), pointed at this emulator."""
    return {
        "openapi_oauth": {
            "type": "oauth2",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "/oauth/authorize",
                    "tokenUrl": "/oauth/token",
                    "scopes": {},
                }
            },
        },
        "openapi_authorization": {"type": "http", "scheme": "bearer"},
        "client_basic": {"type": "http", "scheme": "basic"},
    }


async def openapi(request: Request) -> Response:
    state = request.app.state
    cached: bytes | None = getattr(state, "openapi_document", None)
    if cached is None:
        cached = orjson.dumps(build_document(request.app.routes))
        state.openapi_document = cached
    return json_response(cached)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>zoomstack emulator API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
  validatorUrl: null
});
</script>
</body>
</html>
"""


async def docs(request: Request) -> Response:
    return HTMLResponse(_PAGE)


routes: list[BaseRoute] = [
    Route("/openapi.json", openapi, methods=["GET"]),
    Route("/docs", docs, methods=["GET"]),
    Mount("/docs/assets", app=StaticFiles(directory=str(swagger_ui_path)), name="docs_assets"),
]
