from __future__ import annotations

import httpx
import pytest

from zoomstack.zoom import (
    AuthError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ZoomAPIError,
)
from zoomstack.zoom.errors import error_from_response, network_error


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ZoomAPIError),
        (401, AuthError),
        (403, AuthError),
        (404, NotFoundError),
        (409, ZoomAPIError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_status_picks_the_class(status: int, cls: type[ZoomAPIError]) -> None:
    exc = error_from_response(httpx.Response(status, json={"code": 3001, "message": "Nope."}))
    assert type(exc) is cls
    assert (exc.status, exc.code, exc.message) == (status, 3001, "Nope.")
    assert str(exc) == f"{status} (code 3001): Nope."


def test_validation_errors_are_kept() -> None:
    body = {
        "code": 300,
        "message": "Validation Failed.",
        "errors": [{"field": "user_info.email", "message": "Invalid field."}],
    }
    exc = error_from_response(httpx.Response(400, json=body))
    assert exc.errors == body["errors"]


def test_oauth_error_body_is_read() -> None:
    body = {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}
    exc = error_from_response(httpx.Response(401, json=body))
    assert isinstance(exc, AuthError)
    assert exc.message == "Invalid client_id or client_secret"
    assert exc.code == 0


def test_body_that_is_not_json_still_maps() -> None:
    exc = error_from_response(httpx.Response(502, text="<html>Bad gateway</html>"))
    assert isinstance(exc, ServerError)
    assert exc.message == "Bad Gateway"


def test_rate_limit_error_carries_retry_after_and_limits() -> None:
    headers = {"retry-after": "3", "x-ratelimit-category": "Light"}
    exc = error_from_response(httpx.Response(429, headers=headers, json={"code": 429}))
    assert isinstance(exc, RateLimitError)
    assert exc.retry_after == 3.0
    assert exc.limits.category == "Light"


def test_network_error_knows_whether_the_request_left() -> None:
    request = httpx.Request("POST", "https://api.zoom.test/v2/users")
    assert not network_error(httpx.ConnectError("refused", request=request)).sent
    assert network_error(httpx.ReadTimeout("slow", request=request)).sent
