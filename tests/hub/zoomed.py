"""A hub connected to an in-process emulator, both ways: the hub calls Zoom through an
ASGI transport, and the emulator's webhooks are delivered to the hub's ASGI app.

`Zoomed` carries what the tests of meetings, the Zoom connection, webhooks, insights
and live updates need: hub and emulator clients, users, signed webhook bodies, and a
WebSocket client on the hub served over loopback.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from starlette.applications import Starlette
from websockets.asyncio.client import ClientConnection, connect

from tests.conftest import BASE
from tests.emulator.live import free_socket, serve
from tests.hub.conftest import HUB_BASE, login_headers
from zoomstack.config import HubSettings
from zoomstack.emulator.app import create_app as create_emulator
from zoomstack.emulator.state import Emulator
from zoomstack.hub.app import create_app
from zoomstack.hub.auth.zoom_tokens import load_zoom_tokens
from zoomstack.hub.db.models import User
from zoomstack.hub.realtime import Realtime
from zoomstack.hub.state import Hub
from zoomstack.zoom import sign_webhook

SECRET = "hub-webhook-secret"
OWNER = "owner@example.com"  # the hub user synced recordings belong to by default
WAIT_SECONDS = 20.0
LIFECYCLE = [
    "meeting.created",
    "meeting.updated",
    "meeting.deleted",
    "meeting.started",
    "meeting.ended",
    "meeting.participant_joined",
    "meeting.participant_left",
    "recording.completed",
    "recording.transcript_completed",
    "meeting.summary_completed",
]


def zoomed_settings(
    emulator: Emulator, hub_db: tuple[str, str], tmp_path: Path, **extra: Any
) -> HubSettings:
    url, schema = hub_db
    emu = emulator.settings
    values: dict[str, Any] = {
        "db": url,
        "db_schema": schema,
        "data_dir": tmp_path / "hub",
        "public_url": HUB_BASE,
        "zoom_api_url": f"{BASE}/v2",
        "zoom_required": False,
        "zoom_account_id": emu.account_id,
        "zoom_client_id": emu.client_id,
        "zoom_client_secret": emu.client_secret,
        "webhook_secret_token": SECRET,
        "sync_user": OWNER,
        "sync_interval_seconds": 0,
        "reconcile_interval_seconds": 3600,
        "sync_retry_seconds": 0.01,
        "redis_url": "",
        "password_time_cost": 1,
        "password_memory_kib": 1024,
        **extra,
    }
    return HubSettings(**values)


@dataclass
class Zoomed:
    emulator: Emulator
    emulator_app: Starlette
    hub_app: FastAPI
    client: httpx.AsyncClient  # the hub
    zoom: httpx.AsyncClient  # the emulator, with an S2S token
    hub_url: str = ""  # once served on loopback (see `served`)
    users: dict[str, dict[str, str]] = field(default_factory=dict)
    subscribed: bool = False

    @property
    def hub(self) -> Hub:
        state: Hub = self.hub_app.state.hub
        return state

    async def user(self, email: str) -> dict[str, str]:
        """Auth headers of a hub user (registered on first use)."""
        if email not in self.users:
            self.users[email] = await login_headers(self.client, email)
        return self.users[email]

    async def user_id(self, email: str) -> str:
        async with self.hub.db.sessions() as session:
            user = await session.scalar(select(User).where(User.email == email))
        assert user is not None
        return user.id

    async def tokens(self, email: str) -> tuple[str, str | None]:
        """The user's Zoom access and refresh tokens, as the hub decrypts them."""
        async with self.hub.db.sessions() as session:
            secrets = await load_zoom_tokens(
                session, cipher=self.hub.cipher, user_id=await self.user_id(email)
            )
        assert secrets is not None
        return secrets.access_token, secrets.refresh_token

    async def authorize(self, headers: dict[str, str], login_hint: str | None = None) -> str:
        """Start the connection as the user; the state Zoom will send back."""
        params = {"login_hint": login_hint} if login_hint else {}
        answer = await self.client.get("/api/oauth/zoom/url", headers=headers, params=params)
        assert answer.status_code == 200, answer.text
        state: str = answer.json()["state"]
        return state

    async def consent(self, url: str) -> dict[str, str]:
        """What Zoom's consent page redirects back with: {"code", "state"}."""
        answer = await self.zoom.get(url)
        assert answer.status_code == 302, answer.text
        location = answer.headers["location"]
        assert location.startswith(f"{HUB_BASE}/api/auth/zoom/callback?")
        return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}

    async def connect(self, headers: dict[str, str], login_hint: str | None = None) -> None:
        """The whole authorization-code flow through the browser redirects."""
        params = {"login_hint": login_hint} if login_hint else {}
        start = await self.client.get("/api/auth/zoom/start", headers=headers, params=params)
        assert start.status_code == 307, start.text
        back = await self.consent(start.headers["location"])
        done = await self.client.get("/api/auth/zoom/callback", params=back, headers=headers)
        assert done.status_code == 200, done.text
        assert done.json()["mode"] == "user_oauth"

    async def meeting(self, headers: dict[str, str], **body: Any) -> dict[str, Any]:
        payload = {"topic": "Design review", "start_time": "2030-01-02T15:00:00Z", **body}
        made = await self.client.post("/api/meetings", json=payload, headers=headers)
        assert made.status_code == 201, made.text
        meeting: dict[str, Any] = made.json()
        return meeting

    async def subscribe(self, url: str = f"{HUB_BASE}/webhooks/zoom") -> None:
        """Zoom's event subscription for the hub's endpoint (url_validation passes)."""
        body = {"url": url, "secret_token": SECRET, "events": LIFECYCLE}
        answer = await self.zoom.post("/_emulator/webhooks", json=body)
        assert answer.status_code == 201, answer.text
        self.subscribed = True

    async def simulate(self, meeting_id: int, **options: Any) -> dict[str, Any]:
        body = {"participants": 3, "duration": 2, "seed": 7, **options}
        ran = await self.zoom.post(f"/_emulator/meetings/{meeting_id}/simulate", json=body)
        assert ran.status_code == 201, ran.text
        report: dict[str, Any] = ran.json()
        return report

    async def held(
        self, headers: dict[str, str], **options: Any
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """A meeting of the user that happened: its webhooks handled, its files synced,
        its insights made. The meeting (as the hub shows it) and the emulator's report."""
        if not self.subscribed:
            await self.subscribe()
        made = await self.meeting(headers)
        realtime: Realtime = self.hub_app.state.realtime
        email = next(mail for mail, known in self.users.items() if known == headers)
        async with realtime.connect(await self.user_id(email)) as client:
            report = await self.simulate(made["id"], **options)
            files = len(report["recording"]["recording_files"])
            wanted = {"summary.ready": 1, "recording.ready": files}  # every file stored
            while any(wanted.values()):
                event = await asyncio.wait_for(client.next(), WAIT_SECONDS)
                if event.event in wanted and event.data["meeting_id"] == str(made["id"]):
                    wanted[event.event] -= 1
        read = await self.client.get(f"/api/meetings/{made['id']}", headers=headers)
        return read.json(), report

    async def delivered(self) -> None:
        """Every webhook raised so far had its first delivery."""
        await self.emulator.webhooks.idle()

    @asynccontextmanager
    async def live(self, headers: dict[str, str]) -> AsyncIterator[LiveSocket]:
        """A WebSocket client of /ws, authenticated with the user's bearer token."""
        assert self.hub_url, "serve the hub first (the `served` fixture)"
        token = headers["Authorization"].split()[1]
        url = self.hub_url.replace("http://", "ws://") + "/ws?token=" + token
        async with connect(url) as socket:
            live = LiveSocket(socket)
            assert (await live.receive())["type"] == "ready"
            yield live


@dataclass
class LiveSocket:
    socket: ClientConnection
    seen: list[dict[str, Any]] = field(default_factory=list)

    async def receive(self, within: float = WAIT_SECONDS) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.socket.recv(), within)
        message: dict[str, Any] = orjson.loads(raw)
        return message

    async def until(self, event: str, within: float = WAIT_SECONDS, **match: Any) -> dict[str, Any]:
        """The next event named `event` whose data has the `match` items."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            left = deadline - asyncio.get_running_loop().time()
            message = await self.receive(max(left, 0.01))
            self.seen.append(message)
            data = message.get("data", {})
            if message.get("event") == event and all(data.get(k) == v for k, v in match.items()):
                return message


def signed(
    body: dict[str, Any], *, secret: str = SECRET, at: float | None = None
) -> tuple[bytes, dict[str, str]]:
    """The raw body and Zoom's headers for it, signed at `at` (now)."""
    raw = orjson.dumps(body)
    timestamp = str(int(time.time() if at is None else at))
    headers = {
        "content-type": "application/json",
        "x-zm-request-timestamp": timestamp,
        "x-zm-signature": sign_webhook(secret, timestamp, raw),
    }
    return raw, headers


@asynccontextmanager
async def zoomed_hub(emulator: Emulator, settings: HubSettings) -> AsyncIterator[Zoomed]:
    emulator_app = create_emulator(emulator=emulator)
    hub_app = create_app(settings, zoom_transport=httpx.ASGITransport(app=emulator_app))
    emulator.webhooks.transport = httpx.ASGITransport(app=hub_app)
    async with (
        emulator_app.router.lifespan_context(emulator_app),
        hub_app.router.lifespan_context(hub_app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=hub_app), base_url=HUB_BASE) as client,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=emulator_app), base_url=BASE) as zoom,
    ):
        zoom.headers["authorization"] = f"Bearer {await s2s_token(zoom, emulator)}"
        yield Zoomed(emulator, emulator_app, hub_app, client, zoom)


async def s2s_token(http: httpx.AsyncClient, emulator: Emulator) -> str:
    settings = emulator.settings
    answer = await http.post(
        "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": settings.account_id},
        auth=(settings.client_id, settings.client_secret.get_secret_value()),
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


@pytest.fixture
def zoomed_settings_extra(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Settings to change: parametrize indirectly, or override in a module."""
    extra: dict[str, Any] = getattr(request, "param", {})
    return extra


@pytest.fixture
async def zoomed(
    emulator: Emulator,
    hub_db: tuple[str, str],
    tmp_path: Path,
    zoomed_settings_extra: dict[str, Any],
) -> AsyncIterator[Zoomed]:
    settings = zoomed_settings(emulator, hub_db, tmp_path, **zoomed_settings_extra)
    async with zoomed_hub(emulator, settings) as running:
        yield running


@pytest.fixture
async def served(zoomed: Zoomed) -> AsyncIterator[Zoomed]:
    """The same hub also served on a loopback port, for WebSocket clients."""
    async for url in serve(zoomed.hub_app, free_socket()):
        zoomed.hub_url = url
        yield zoomed
