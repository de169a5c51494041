"""`ZoomEmulator`: a handle on one emulator for tests.

It knows where the emulator is (base, API and OAuth URLs), the account and
Server-to-Server credentials to use, and drives the control plane with typed
helpers: reset, seed, users and meetings, simulated meetings, the clock, faults,
webhooks and their deliveries, the request log. Every helper is an HTTP call, so
the handle works the same on an in-process emulator and on a server anywhere.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ..config import EmulatorSettings
from .control import DEFAULT_TIMEOUT
from .results import Simulation, parse_time
from .runner import ZOOM_WEB, EmulatorThread, emulator_settings
from .traffic import TrafficHelpers
from .transport import AsyncEmulatorTransport, EmulatorTransport
from .webhooks import WebhookHelpers

if TYPE_CHECKING:
    from ..zoom import Meeting, User, ZoomClient

ZOOM_API = "https://api.zoom.us/v2"
ZOOM_OAUTH = "https://zoom.us/oauth/token"
_DEFAULTS = EmulatorSettings.model_construct()


def _zoom_time(moment: datetime) -> str:
    """Zoom's start_time: UTC with a Z, or local time (in the meeting's timezone)."""
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ZoomEmulator(WebhookHelpers, TrafficHelpers):
    """A handle on one emulator: where it is, its credentials, its control plane."""

    def __init__(
        self,
        base_url: str,
        *,
        api_url: str | None = None,
        oauth_url: str | None = None,
        account_id: str = _DEFAULTS.account_id,
        client_id: str = _DEFAULTS.client_id,
        client_secret: str = _DEFAULTS.client_secret.get_secret_value(),
        webhook_secret: str = _DEFAULTS.webhook_secret.get_secret_value(),
        thread: EmulatorThread | None = None,
        in_process: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        transport = EmulatorTransport(thread) if thread is not None and in_process else None
        super().__init__(
            base_url,
            api_url=api_url,
            oauth_url=oauth_url,
            transport=transport,
            thread=thread,
            timeout=timeout,
        )
        self.in_process = transport is not None
        self.account_id = account_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.webhook_secret = webhook_secret
        self._token: str | None = None

    @classmethod
    def connect(cls, url: str, **options: Any) -> ZoomEmulator:
        """A handle on an emulator already running at `url` (`zoomstack emulator`);
        the account id is read from its health check unless given."""
        handle = cls(url, **options)
        if "account_id" not in options:
            handle.account_id = handle.health()["account_id"]
        return handle

    @classmethod
    def of_thread(cls, thread: EmulatorThread, *, in_process: bool) -> ZoomEmulator:
        """A handle on an emulator this process runs: in-process (Zoom's own URLs,
        answered through transports) or through its loopback server."""
        settings = thread.settings
        base = ZOOM_WEB if in_process else (thread.url or settings.base_url())
        return cls(
            base,
            api_url=ZOOM_API if in_process else None,
            oauth_url=ZOOM_OAUTH if in_process else None,
            account_id=settings.account_id,
            client_id=settings.client_id,
            client_secret=settings.client_secret.get_secret_value(),
            webhook_secret=settings.webhook_secret.get_secret_value(),
            thread=thread,
            in_process=in_process,
        )

    def __repr__(self) -> str:
        where = "in-process" if self.in_process else self.base_url
        return f"ZoomEmulator({where}, account_id={self.account_id!r})"

    # -- connecting clients ---------------------------------------------------------

    @property
    def authorize_url(self) -> str:
        return self.oauth_url.removesuffix("/token") + "/authorize"

    @property
    def transport(self) -> httpx.BaseTransport | None:
        """A sync httpx transport to the emulator (None: use the network)."""
        return EmulatorTransport(self.thread) if self.in_process and self.thread else None

    @property
    def async_transport(self) -> httpx.AsyncBaseTransport | None:
        """An async httpx transport to the emulator (None: use the network)."""
        return AsyncEmulatorTransport(self.thread) if self.in_process and self.thread else None

    def zoom_client(self, **options: Any) -> ZoomClient:
        """A `zoomstack.zoom.ZoomClient` with this account's S2S credentials."""
        from ..zoom import ZoomClient

        options.setdefault("transport", self.async_transport)
        return ZoomClient.server_to_server(
            account_id=self.account_id,
            client_id=self.client_id,
            client_secret=self.client_secret,
            token_url=self.oauth_url,
            base_url=self.api_url,
            **options,
        )

    # -- state ----------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        body: dict[str, Any] = self._control("GET", "health")
        return body

    def reset(self) -> None:
        """Back to an empty emulator: data, tokens, clock, faults, rate limits, request
        log and webhook endpoints (in-process apps included)."""
        self._control("POST", "reset")
        self.clear_faults()
        self.clear_request_log()
        self._control("PUT", "ratelimits", json={})
        self._control("POST", "ratelimits/reset")
        if self.thread is not None:
            self.thread.webhook_apps.clear()
        self._token = None

    def now(self) -> datetime:
        """The emulator's clock."""
        return parse_time(self._control("GET", "clock")["now"])

    def advance_clock(self, by: float | timedelta) -> datetime:
        """Move the emulator's clock forward (`by` seconds or a timedelta); the new now."""
        seconds = by.total_seconds() if isinstance(by, timedelta) else float(by)
        body = self._control("POST", "clock", json={"advance_seconds": seconds})
        return parse_time(body["now"])

    def seed(self, *, users: int = 3, meetings_per_user: int = 2, seed: int = 42) -> dict[str, int]:
        """Fill the account with generated users and meetings (past ones with
        recordings, transcripts and summaries); the counts of what was made."""
        body = {"users": users, "meetings_per_user": meetings_per_user, "seed": seed}
        made: dict[str, int] = self._control("POST", "seed", json=body)
        return made

    def simulate(
        self,
        meeting_id: int | str,
        *,
        participants: int | None = None,
        duration: int | None = None,
        seed: int | None = None,
        start_time: datetime | None = None,
    ) -> Simulation:
        """Make a meeting happen now: it starts, people join and leave, it ends, and its
        recording, transcript and summary appear, with Zoom's events along the way."""
        options = {"participants": participants, "duration": duration, "seed": seed}
        body: dict[str, Any] = {k: v for k, v in options.items() if v is not None}
        if start_time is not None:
            body["start_time"] = start_time.isoformat()
        path = f"meetings/{quote(str(meeting_id), safe='')}/simulate"
        return Simulation.from_body(self._control("POST", path, json=body))

    # -- the Zoom API ---------------------------------------------------------------

    def token(self) -> str:
        """A Server-to-Server access token for the account (kept until `reset`)."""
        if self._token is None:
            body = self._request(
                "POST",
                self.oauth_url,
                data={"grant_type": "account_credentials", "account_id": self.account_id},
                auth=(self.client_id, self.client_secret),
            )
            self._token = str(body["access_token"])
        return self._token

    def api(self, method: str, path: str, **options: Any) -> Any:
        """Call Zoom's API (`path` relative to /v2) as the account; the JSON answer."""
        headers = {"authorization": f"Bearer {self.token()}"}
        return self._request(
            method, f"{self.api_url}/{path.lstrip('/')}", headers=headers, **options
        )

    def create_user(
        self,
        email: str,
        *,
        first_name: str = "",
        last_name: str = "",
        type: int = 1,
        action: str = "custCreate",
    ) -> User:
        """Add an (active) user to the account; the user as GET /users/{id} answers."""
        from ..zoom import User

        info = {"email": email, "first_name": first_name, "last_name": last_name, "type": type}
        created = self.api("POST", "users", json={"action": action, "user_info": info})
        return User.model_validate(self.api("GET", f"users/{created['id']}"))

    def create_meeting(
        self, user_id: str = "me", *, topic: str = "Test meeting", **fields: Any
    ) -> Meeting:
        """Schedule a meeting for a user (the account owner by default); `fields` are
        the rest of Zoom's body: type, start_time, duration, settings ..."""
        from ..zoom import Meeting

        body = {"topic": topic, **fields}
        if isinstance(body.get("start_time"), datetime):
            body["start_time"] = _zoom_time(body["start_time"])
        user = quote(user_id, safe="@")
        return Meeting.model_validate(self.api("POST", f"users/{user}/meetings", json=body))

    def get_meeting(self, meeting_id: int | str) -> Meeting:
        from ..zoom import Meeting, meeting_path_id

        return Meeting.model_validate(self.api("GET", f"meetings/{meeting_path_id(meeting_id)}"))


@contextlib.contextmanager
def run_emulator(
    store: str = "memory", *, serve: bool = False, **settings: Any
) -> Iterator[ZoomEmulator]:
    """Start an emulator for the length of a `with` block, outside pytest's fixtures:
    in-process (reached through the handle's transports or `mock_zoom(emulator=...)`),
    or with `serve=True` also on a free loopback port (`handle.base_url`)."""
    with tempfile.TemporaryDirectory(prefix="zoomstack-") as tmp:
        public_url = "" if serve else ZOOM_WEB
        config = emulator_settings(store, data_dir=Path(tmp), public_url=public_url, **settings)
        with EmulatorThread(config, serve=serve, reset_store=True) as thread:
            handle = ZoomEmulator.of_thread(thread, in_process=not serve)
            try:
                yield handle
            finally:
                handle.close()
