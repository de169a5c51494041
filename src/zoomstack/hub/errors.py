"""The hub's errors and its one error body.

    HubError (500)
     ├── BadRequest (400)
     ├── Unauthorized (401)
     ├── Forbidden (403)
     ├── NotFound (404)
     ├── Conflict (409)
     ├── PayloadTooLarge (413)
     ├── UnsupportedMediaType (415)
     ├── Unprocessable (422)
     ├── TooManyRequests (429)
     └── BadGateway (502)      Zoom failed or did not answer

Every answer that is not a success has the shape
`{"error": true, "message", "status_code", "timestamp", "details"}`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import StatementError
from starlette.exceptions import HTTPException

from ..zoom import AuthError, NotFoundError, RateLimitError, ZoomAPIError, ZoomError

log = structlog.get_logger("zoomstack.hub")


class HubError(Exception):
    status_code = 500
    default_message = "Internal error."

    def __init__(self, message: str = "", details: Any = None) -> None:
        self.message = message or self.default_message
        self.details = details
        super().__init__(self.message)


class BadRequest(HubError):
    status_code = 400
    default_message = "Bad request."


class Unauthorized(HubError):
    status_code = 401
    default_message = "Not authenticated."


class Forbidden(HubError):
    status_code = 403
    default_message = "Not allowed."


class NotFound(HubError):
    status_code = 404
    default_message = "Not found."


class Conflict(HubError):
    status_code = 409
    default_message = "Conflict."


class PayloadTooLarge(HubError):
    status_code = 413
    default_message = "Payload too large."


class UnsupportedMediaType(HubError):
    status_code = 415
    default_message = "Unsupported media type."


class Unprocessable(HubError):
    status_code = 422
    default_message = "Unprocessable input."


class TooManyRequests(HubError):
    status_code = 429
    default_message = "Too many requests."


class BadGateway(HubError):
    status_code = 502
    default_message = "An upstream service failed."


class ErrorBody(BaseModel):
    """The body of every answer that is not a success."""

    error: bool = True
    message: str
    status_code: int
    timestamp: datetime
    details: Any = None


# Documented on every operation, so clients (and contract tests) know the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "The request's fields are not valid."},
    "4XX": {"model": ErrorBody, "description": "The request cannot be done; `message` says why."},
    "5XX": {"model": ErrorBody, "description": "The hub, or Zoom behind it, failed."},
}


def error_body(status_code: int, message: str, details: Any = None) -> dict[str, Any]:
    return {
        "error": True,
        "message": message,
        "status_code": status_code,
        "timestamp": datetime.now(UTC).isoformat(),
        "details": details,
    }


def error_response(
    status_code: int, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status_code, message, details), status_code, headers=headers)


async def _hub_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HubError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    return error_response(exc.status_code, exc.message, exc.details, headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # `input` is dropped: it would echo what was sent, passwords included.
    problems = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    return error_response(422, "Request validation failed.", problems)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers) if exc.headers else None
    return error_response(exc.status_code, str(exc.detail), None, headers)


def zoom_failure(exc: ZoomError) -> HubError:
    """What a Zoom failure means to the hub's caller."""
    if not isinstance(exc, ZoomAPIError):
        return BadGateway(f"Zoom: {exc}")
    details = {"zoom_status": exc.status, "zoom_code": exc.code, "errors": exc.errors}
    if isinstance(exc, NotFoundError):
        return NotFound(f"Zoom: {exc.message}", details)
    if isinstance(exc, AuthError):
        message = "Zoom refused the connection's credentials: connect Zoom again."
        return Conflict(message, details)
    if isinstance(exc, RateLimitError):
        return TooManyRequests(f"Zoom: {exc.message}", {**details, "retry_after": exc.retry_after})
    if 400 <= exc.status < 500:
        return Unprocessable(f"Zoom: {exc.message}", details)
    return BadGateway(f"Zoom did not answer as expected: {exc.message}", details)


async def _zoom_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ZoomError)
    log.warning("zoom_call_failed", path=request.url.path, error=str(exc))
    return await _hub_error(request, zoom_failure(exc))


async def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
    """A date or number past what Python or the database can hold (year 9999 plus a day,
    year 1 in a zone east of UTC): bad input, whichever route met it first."""
    cause = exc.orig if isinstance(exc, StatementError) else exc
    if not isinstance(cause, OverflowError):
        return await _unexpected(request, exc)
    return error_response(422, "A date or number is out of the range the hub can hold.")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled_error", path=request.url.path, method=request.method)
    return error_response(500, "Internal error.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HubError, _hub_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(ZoomError, _zoom_error)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(StatementError, _out_of_range)  # the same, met while binding
    app.add_exception_handler(Exception, _unexpected)
