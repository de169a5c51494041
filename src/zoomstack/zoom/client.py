"""`ZoomClient`: the Zoom REST API (zoom.us or the emulator) over one httpx client.

Each call goes: retry loop (retry.py) -> circuit breaker (breaker.py) -> access
token (auth.py) -> HTTP. A 401 with code 124 gets one new token and one more
try; other errors become the classes of errors.py. The network sits behind an
httpx transport, so tests pass `httpx.ASGITransport(app=...)` or a
`httpx.MockTransport` and open no sockets.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from .auth import DEFAULT_TOKEN_URL, Auth, ServerToServerAuth
from .breaker import CircuitBreaker
from .download import AsyncWriter, DownloadResult, TokenIn, download
from .errors import AuthError, error_from_response, network_error
from .models import (
    Meeting,
    MeetingListItem,
    MeetingSummary,
    Participant,
    RecordingFile,
    RecordingMeeting,
    User,
)
from .pagination import MAX_PAGE_SIZE, month_windows, paginate
from .ratelimit import RateLimitInfo
from .retry import RetryPolicy, call_with_retry

DEFAULT_BASE_URL = "https://api.zoom.us/v2"
USER_AGENT = "zoomstack-zoom/0.1"
INVALID_TOKEN_CODE = 124


def meeting_path_id(meeting_id: int | str) -> str:
    """A meeting id or UUID as a path segment. Zoom wants UUIDs that begin with `/`
    or contain `//` encoded twice; any other `/`, `+` or `=` is encoded once."""
    value = str(meeting_id)
    once = quote(value, safe="")
    if value.startswith("/") or "//" in value:
        return quote(once, safe="")
    return once


def _token_refused(response: httpx.Response) -> bool:
    if response.status_code != 401:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == INVALID_TOKEN_CODE


def _query(params: Mapping[str, Any] | None) -> dict[str, Any]:
    return {key: value for key, value in (params or {}).items() if value is not None}


class ZoomClient:
    """An async client for Zoom's REST API; use it as `async with ZoomClient(...)`."""

    def __init__(
        self,
        auth: Auth,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        http: httpx.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        timeout: float | httpx.Timeout = 30.0,
        download_token_in: TokenIn = "query",
        page_size: int = MAX_PAGE_SIZE,
    ) -> None:
        self.auth = auth
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.breaker = breaker or CircuitBreaker(name=f"zoom-api:{self.base_url}")
        self.download_token_in: TokenIn = download_token_in
        self.page_size = page_size
        # Zoom's X-RateLimit-* headers on the latest answer that had them, so callers
        # can slow down before a 429 (e.g. when `remaining` runs low on a daily limit).
        self.rate_limits: RateLimitInfo | None = None
        self._owns_http = http is None
        self.http = http or httpx.AsyncClient(
            transport=transport, timeout=timeout, headers={"user-agent": USER_AGENT}
        )

    @classmethod
    def server_to_server(
        cls,
        *,
        account_id: str,
        client_id: str,
        client_secret: str,
        token_url: str = DEFAULT_TOKEN_URL,
        **options: Any,
    ) -> ZoomClient:
        """A client with Server-to-Server OAuth credentials for one account."""
        auth = ServerToServerAuth(
            account_id=account_id,
            client_id=client_id,
            client_secret=client_secret,
            token_url=token_url,
        )
        return cls(auth, **options)

    async def __aenter__(self) -> ZoomClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self.http.aclose()

    # -- the request pipeline -------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """Call `path` (relative to the base URL); the parsed JSON answer, or None."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        method = method.upper()
        query = _query(params)

        async def attempt() -> httpx.Response:
            return await self._attempt(method, url, query, json)

        response = await call_with_retry(self.retry, method, attempt)
        return response.json() if response.content else None

    async def _attempt(
        self, method: str, url: str, params: dict[str, Any], json: Any
    ) -> httpx.Response:
        async with self.breaker.guard():
            token = await self.auth.token(self.http)
            response = await self._send(method, url, token, params, json)
            if _token_refused(response):
                self.auth.invalidate(token)
                token = await self.auth.token(self.http)
                response = await self._send(method, url, token, params, json)
            if "x-ratelimit-limit" in response.headers:
                self.rate_limits = RateLimitInfo.from_headers(response.headers)
            if response.status_code >= 400:
                raise error_from_response(response)
            return response

    async def _send(
        self, method: str, url: str, token: str, params: dict[str, Any], json: Any
    ) -> httpx.Response:
        headers = {"authorization": f"Bearer {token}"}
        try:
            return await self.http.request(method, url, params=params, json=json, headers=headers)
        except httpx.TransportError as exc:
            raise network_error(exc) from exc

    async def _get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        body = await self.request("GET", path, params=params)
        return body if isinstance(body, dict) else {}

    def _pages(
        self, path: str, key: str, params: Mapping[str, Any] | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        async def fetch(query: dict[str, Any]) -> dict[str, Any]:
            return await self._get(path, query)

        return paginate(fetch, key, _query(params), page_size=self.page_size)

    # -- users ----------------------------------------------------------------

    async def get_user(self, user_id: str = "me") -> User:
        """A user by id or email; "me" is the token's user (the owner under S2S)."""
        return User.model_validate(await self._get(f"users/{quote(user_id, safe='@')}"))

    async def me(self) -> User:
        return await self.get_user("me")

    async def iter_users(self, *, status: str | None = None) -> AsyncIterator[User]:
        """Every user of the account (status: active, inactive or pending)."""
        async for item in self._pages("users", "users", {"status": status}):
            yield User.model_validate(item)

    # -- meetings -------------------------------------------------------------

    async def iter_meetings(
        self, user_id: str = "me", *, type: str | None = None
    ) -> AsyncIterator[MeetingListItem]:
        """A user's meetings (type: scheduled, live, upcoming, previous_meetings ...)."""
        path = f"users/{quote(user_id, safe='@')}/meetings"
        async for item in self._pages(path, "meetings", {"type": type}):
            yield MeetingListItem.model_validate(item)

    async def get_meeting(self, meeting_id: int | str) -> Meeting:
        return Meeting.model_validate(await self._get(f"meetings/{meeting_path_id(meeting_id)}"))

    async def create_meeting(self, user_id: str, meeting: Mapping[str, Any]) -> Meeting:
        """Schedule a meeting for `user_id` ("me" under a user token); Zoom's create body."""
        path = f"users/{quote(user_id, safe='@')}/meetings"
        return Meeting.model_validate(await self.request("POST", path, json=dict(meeting)))

    async def update_meeting(self, meeting_id: int | str, changes: Mapping[str, Any]) -> None:
        """Change the given fields of a meeting (Zoom merges them; answers 204)."""
        path = f"meetings/{meeting_path_id(meeting_id)}"
        await self.request("PATCH", path, json=dict(changes))

    async def delete_meeting(
        self, meeting_id: int | str, *, occurrence_id: str | None = None
    ) -> None:
        path = f"meetings/{meeting_path_id(meeting_id)}"
        await self.request("DELETE", path, params={"occurrence_id": occurrence_id})

    async def iter_past_participants(self, meeting_uuid: int | str) -> AsyncIterator[Participant]:
        """Who attended a past meeting instance (by UUID; an id means the latest one)."""
        path = f"past_meetings/{meeting_path_id(meeting_uuid)}/participants"
        async for item in self._pages(path, "participants"):
            yield Participant.model_validate(item)

    async def get_meeting_summary(self, meeting_id: int | str) -> MeetingSummary:
        path = f"meetings/{meeting_path_id(meeting_id)}/meeting_summary"
        return MeetingSummary.model_validate(await self._get(path))

    # -- cloud recordings -----------------------------------------------------

    async def get_meeting_recordings(
        self, meeting_id: int | str, *, download_token_ttl: int | None = None
    ) -> RecordingMeeting:
        """A meeting's recording files; with a ttl, also a `download_access_token`."""
        params: dict[str, Any] = {}
        if download_token_ttl is not None:
            params = {"include_fields": "download_access_token", "ttl": download_token_ttl}
        path = f"meetings/{meeting_path_id(meeting_id)}/recordings"
        return RecordingMeeting.model_validate(await self._get(path, params))

    async def iter_recordings(
        self, user_id: str = "me", *, start: date, end: date | None = None
    ) -> AsyncIterator[RecordingMeeting]:
        """A user's cloud recordings from `start` to `end` (today), one month per query."""
        path = f"users/{quote(user_id, safe='@')}/recordings"
        last = end or datetime.now(UTC).date()
        for first, stop in month_windows(start, last):
            window = {"from": first.isoformat(), "to": stop.isoformat()}
            async for item in self._pages(path, "meetings", window):
                yield RecordingMeeting.model_validate(item)

    async def iter_account_recordings(
        self, *, start: date, end: date | None = None
    ) -> AsyncIterator[RecordingMeeting]:
        """Every user's cloud recordings in the window, user by user (works on any
        plan, unlike the master-account listing)."""
        async for user in self.iter_users():
            async for recording in self.iter_recordings(user.id, start=start, end=end):
                yield recording

    # -- downloads ------------------------------------------------------------

    async def download(
        self,
        url: str,
        dest: str | os.PathLike[str] | AsyncWriter,
        expected_size: int | None = None,
        expected_sha256: str | None = None,
        *,
        access_token: str | None = None,
        checksum: bool = True,
    ) -> DownloadResult:
        """Stream a recording file (see download.py); `access_token` overrides the
        client's token, e.g. a `download_access_token` or a webhook's download_token;
        `checksum=False` leaves hashing to a writer that measures the bytes itself."""
        transfer = functools.partial(
            download, self.http, url, dest,
            expected_size=expected_size, expected_sha256=expected_sha256,
            token_in=self.download_token_in, retry=self.retry, checksum=checksum,
        )  # fmt: skip
        token = access_token or await self.auth.token(self.http)
        try:
            return await transfer(access_token=token)
        except AuthError as exc:
            if access_token is not None or exc.code != INVALID_TOKEN_CODE:
                raise
        self.auth.invalidate(token)
        return await transfer(access_token=await self.auth.token(self.http))

    async def download_recording_file(
        self, file: RecordingFile, dest: str | os.PathLike[str] | AsyncWriter
    ) -> DownloadResult:
        """Download one file of a recording, checking its size against `file_size`."""
        return await self.download(file.download_url, dest, file.file_size or None)
