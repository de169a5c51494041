"""Every error the Zoom client raises, and the mapping from Zoom's answers to them.

    ZoomError                        base of everything raised here
     ├── ZoomAPIError                the API refused or did not answer: status, code, message
     │    ├── AuthError              401/403, and refusals from the OAuth token endpoint
     │    ├── NotFoundError          404 (codes 1001 user, 3001 meeting, 3301 recording ...)
     │    ├── RateLimitError         429, with retry_after seconds and Zoom's X-RateLimit-* values
     │    ├── ServerError            5xx
     │    ├── NetworkError           no answer: connect/read failure or timeout (status 0)
     │    └── CircuitOpenError       the circuit breaker is open; nothing was sent (status 0)
     ├── DownloadError               a download ended without a verified file
     │    ├── SizeMismatchError      fewer or more bytes than the recording's file_size
     │    └── ChecksumMismatchError  the bytes' SHA-256 is not the expected one
     └── WebhookVerificationError    x-zm-signature missing, forged, or too old

Zoom's error body is `{"code": N, "message": "..."}` (the OAuth server answers
`{"reason": "...", "error": "..."}` instead); both are read by `error_from_response`.
"""

from __future__ import annotations

from typing import Any

import httpx

from .ratelimit import RateLimitInfo


class ZoomError(Exception):
    """Base of every error raised by `zoomstack.zoom`."""


class ZoomAPIError(ZoomError):
    """Zoom answered with an error, or not at all.

    `status` is the HTTP status (0 when no answer came), `code` Zoom's numeric
    code from the body (0 when it gave none), `retry_after` the seconds Zoom
    asked to wait (from `Retry-After`), when it asked.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        code: int = 0,
        errors: list[dict[str, Any]] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.errors = errors or []
        self.retry_after = retry_after

    def __str__(self) -> str:
        if self.status:
            return f"{self.status} (code {self.code}): {self.message}"
        return self.message


class AuthError(ZoomAPIError):
    """The credentials or token were refused (401, 403, or the token endpoint)."""


class NotFoundError(ZoomAPIError):
    """The user, meeting or recording does not exist (404)."""


class RateLimitError(ZoomAPIError):
    """Too many requests (429); `limits` holds Zoom's X-RateLimit-* headers."""

    def __init__(self, message: str, *, limits: RateLimitInfo, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.limits = limits


class ServerError(ZoomAPIError):
    """Zoom failed (5xx)."""


class NetworkError(ZoomAPIError):
    """No answer came. `sent` is False when the request surely never left (connect
    failures), so even a non-idempotent call can be tried again safely."""

    def __init__(self, message: str, *, sent: bool) -> None:
        super().__init__(message)
        self.sent = sent


class CircuitOpenError(ZoomAPIError):
    """Recent calls kept failing, so this one was refused without being sent."""


class DownloadError(ZoomError):
    """A download ended without a complete, verified file."""


class SizeMismatchError(DownloadError):
    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"expected {expected} bytes, got {actual}")
        self.expected = expected
        self.actual = actual


class ChecksumMismatchError(DownloadError):
    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(f"expected sha256 {expected}, got {actual}")
        self.expected = expected
        self.actual = actual


class WebhookVerificationError(ZoomError):
    """The webhook request is not proven to come from Zoom."""


def _body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _code(body: dict[str, Any]) -> int:
    code = body.get("code")
    return code if isinstance(code, int) else 0


def _message(body: dict[str, Any], response: httpx.Response) -> str:
    for key in ("message", "reason", "error"):
        if isinstance(body.get(key), str) and body[key]:
            return str(body[key])
    return response.reason_phrase or f"HTTP {response.status_code}"


def error_from_response(response: httpx.Response) -> ZoomAPIError:
    """The exception for an error answer (status >= 400)."""
    body = _body(response)
    limits = RateLimitInfo.from_headers(response.headers)
    kwargs: dict[str, Any] = {
        "status": response.status_code,
        "code": _code(body),
        "errors": body.get("errors") if isinstance(body.get("errors"), list) else None,
        "retry_after": limits.retry_after,
    }
    message = _message(body, response)
    status = response.status_code
    if status == 429:
        return RateLimitError(message, limits=limits, **kwargs)
    if status in (401, 403):
        return AuthError(message, **kwargs)
    if status == 404:
        return NotFoundError(message, **kwargs)
    if status >= 500:
        return ServerError(message, **kwargs)
    return ZoomAPIError(message, **kwargs)


def network_error(exc: httpx.TransportError) -> NetworkError:
    sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    return NetworkError(f"{type(exc).__name__}: {exc}", sent=sent)
