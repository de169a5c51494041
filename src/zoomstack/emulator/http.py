"""Small helpers the resource handlers share: JSON in, JSON out, Zoom's errors."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from .errors import BadRequest, ZoomError

JSON_TYPE = "application/json;charset=UTF-8"


def json_response(
    content: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """Answer with JSON; bytes are taken as already-serialised JSON."""
    body = content if isinstance(content, bytes) else orjson.dumps(content)
    return Response(body, status_code=status, media_type=JSON_TYPE, headers=headers)


def no_content() -> Response:
    return Response(status_code=204)


def error_response(exc: ZoomError) -> Response:
    return json_response(exc.body(), exc.status, exc.headers or None)


async def read_json(request: Request, *, required: bool = True) -> dict[str, Any]:
    """The request body as a JSON object; an empty body is `{}` unless one is required.

    Chunked bodies without Content-Length are read the same way.
    """
    raw = await request.body()
    if not raw.strip():
        if required:
            raise BadRequest("Request Body should be a valid JSON object.")
        return {}
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BadRequest("Request Body should be a valid JSON object.") from None
    if not isinstance(value, dict):
        raise BadRequest("Request Body should be a valid JSON object.")
    return value


def path_param(request: Request, name: str) -> str:
    return str(request.path_params[name])
