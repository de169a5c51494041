"""The meeting side of a running hub: Zoom connection, live updates, webhooks, intel.

Started after the sync's background work (whose job engine and event hook it uses)
and stopped after it, so no job is left publishing into a closed live hub.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
from fastapi import FastAPI

from .auth.zoom_connect import ZoomConnector
from .events import RECORDING_STORED, TRANSCRIPT_STORED, HubEvent, Subscriber
from .insights import IntelService
from .realtime import Realtime
from .realtime import events as live
from .state import Hub
from .sync import Background, SyncError
from .transcribe import TranscribeService
from .webhooks import EventHandlers, WebhookReceiver
from .webhooks.owners import FallbackOwner

# The sync's events and the live event each becomes for the recording's owner.
RECONCILE_AFTER = timedelta(minutes=5)  # a pending job older than this was lost
STORED_TO_LIVE = {RECORDING_STORED: live.RECORDING_READY, TRANSCRIPT_STORED: live.TRANSCRIPT_READY}


def live_bridge(realtime: Realtime) -> Subscriber:
    async def forward(event: HubEvent) -> None:
        name = STORED_TO_LIVE.get(event.name)
        if name is not None:
            await realtime.publish(event.user_id, name, dict(event.data))

    return forward


@dataclass(slots=True)
class MeetingServices:
    realtime: Realtime
    zoom: ZoomConnector
    intel: IntelService
    webhooks: WebhookReceiver
    transcribe: TranscribeService
    unsubscribe: list[Callable[[], None]] = field(default_factory=list)
    loops: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    async def start(
        cls,
        hub: Hub,
        background: Background,
        *,
        zoom_transport: httpx.AsyncBaseTransport | None = None,
    ) -> MeetingServices:
        settings = hub.settings
        realtime = Realtime.from_url(settings.realtime_url, channel=settings.realtime_channel)
        await realtime.start()
        zoom = ZoomConnector(
            settings,
            db=hub.db,
            cipher=hub.cipher,
            transport=zoom_transport,
            server_client=background.zoom,
        )
        intel = IntelService(hub, background.engine, realtime)
        handlers = EventHandlers(hub, realtime, background.sync, _owner_of(background))
        transcribe = TranscribeService(hub, background.engine, realtime, zoom=background.zoom)
        services = cls(realtime, zoom, intel, WebhookReceiver(hub, handlers), transcribe)
        # An in-process queue starts empty: whatever was pending was lost with it.
        lease = timedelta(0) if background.engine.in_process else RECONCILE_AFTER
        await intel.reconcile(min_age=lease)
        services.unsubscribe += [  # clients hear of a transcript before of its summary
            hub.events.subscribe(live_bridge(realtime)),
            hub.events.subscribe(intel.on_event),
            hub.events.subscribe(transcribe.on_event),
        ]
        await transcribe.reconcile(at_start=True)
        services.loops.append(asyncio.create_task(_reconcile_loop(hub, transcribe, intel)))
        return services

    def install(self, app: FastAPI) -> None:
        app.state.realtime = self.realtime
        app.state.zoom = self.zoom
        app.state.intel = self.intel
        app.state.webhooks = self.webhooks
        app.state.transcribe = self.transcribe

    async def stop(self) -> None:
        for task in self.loops:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for unsubscribe in self.unsubscribe:
            unsubscribe()
        await self.realtime.stop()
        await self.zoom.aclose()


async def _reconcile_loop(hub: Hub, transcribe: TranscribeService, intel: IntelService) -> None:
    """Transcriptions and insights a dead process left: sent again once their lease runs
    out (a process that restarts at once finds them still leased: this pass gets them)."""
    while True:
        await asyncio.sleep(hub.settings.reconcile_interval_seconds)
        with contextlib.suppress(Exception):
            await transcribe.reconcile()
        with contextlib.suppress(Exception):
            await intel.reconcile(min_age=RECONCILE_AFTER)


def _owner_of(background: Background) -> FallbackOwner:
    async def owner() -> str | None:
        try:
            return await background.sync.owner_id()
        except SyncError:
            return None

    return owner
