"""Zoom's error body `{"code": N, "message": "..."}` and the codes the emulator raises.

    ZoomError                      any answer Zoom gives as an error
     ├── BadRequest (400)          code 300 and friends: bad params or body
     │    └── ValidationFailed     code 300 "Validation Failed." with errors[]
     ├── InvalidAccessToken (401)  code 124
     ├── Forbidden (403)
     ├── NotFound (404)            unknown routes and resources
     │    ├── UserNotFound         code 1001
     │    ├── MeetingNotFound      code 3001
     │    └── RecordingNotFound    code 3301
     ├── Conflict (409)            e.g. 1005 email already used
     ├── MethodNotAllowed (405)
     └── TooManyRequests (429)

Only the HTTP layer turns these into responses (see `app.py`).
"""

from __future__ import annotations

from typing import Any


class ZoomError(Exception):
    status: int = 400
    code: int = 300

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        status: int | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.errors = errors
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            body["errors"] = self.errors
        return body


class BadRequest(ZoomError):
    status = 400
    code = 300


class ValidationFailed(BadRequest):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("Validation Failed.", errors=errors)


class InvalidAccessToken(ZoomError):
    status = 401
    code = 124

    def __init__(self, message: str = "Invalid access token.") -> None:
        super().__init__(message)


class Forbidden(ZoomError):
    status = 403
    code = 200


class NotFound(ZoomError):
    status = 404
    code = 404


class UserNotFound(NotFound):
    code = 1001

    def __init__(self, user_id: str) -> None:
        super().__init__(f"User does not exist: {user_id}.")


class MeetingNotFound(NotFound):
    code = 3001

    def __init__(self, meeting_id: str) -> None:
        super().__init__(f"Meeting does not exist: {meeting_id}.")


class RecordingNotFound(NotFound):
    code = 3301

    def __init__(self, message: str = "There is no recording for this meeting.") -> None:
        super().__init__(message)


class Conflict(ZoomError):
    status = 409
    code = 409


class MethodNotAllowed(ZoomError):
    status = 405
    code = 405


class TooManyRequests(ZoomError):
    status = 429
    code = 429
