"""The hub's ASGI app factory: routes, error shape, request context, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TextIO

import httpx
import structlog
from fastapi import FastAPI

from .. import __version__
from ..config import HubSettings
from .bootstrap import ensure_demo_user
from .errors import ERROR_RESPONSES, install_error_handlers
from .http_security import install_http_security
from .logs import configure_logging
from .metrics import HubMetrics
from .middleware import RequestContext
from .routes import (
    auth,
    calendar,
    chat,
    enhanced,
    files,
    health,
    insights,
    live,
    meetings,
    monitor,
    recordings,
    scheduling,
    sync,
    uploads,
    webhooks,
    zoom_connect,
)
from .services import MeetingServices
from .state import open_hub
from .sync import Background
from .web import install as install_dashboard

log = structlog.get_logger("zoomstack.hub")


def create_app(
    settings: HubSettings | None = None,
    *,
    zoom_transport: httpx.AsyncBaseTransport | None = None,
    log_stream: TextIO | None = None,
) -> FastAPI:
    """A hub app; with no settings, they are read from ZOOMSTACK_HUB_* variables."""
    settings = settings or HubSettings()
    configure_logging(level=settings.log_level, json=settings.log_json, stream=log_stream)
    metrics = HubMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        hub = await open_hub(settings, metrics=metrics, zoom_transport=zoom_transport)
        app.state.hub = hub
        if settings.demo_user:
            async with hub.db.sessions() as session:
                await ensure_demo_user(session, passwords=hub.passwords, settings=settings)
        background = await Background.start(hub, zoom_transport=zoom_transport)
        app.state.background = background
        services = await MeetingServices.start(hub, background, zoom_transport=zoom_transport)
        services.install(app)
        log.info("hub_started", database=hub.db.engine.dialect.name, storage=hub.storage.kind)
        try:
            yield
        finally:
            await background.stop()
            await services.stop()
            await hub.close()

    app = FastAPI(
        title="zoomstack hub",
        version=__version__,
        description="A meeting backend on top of any Zoom: recordings, storage, users.",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    install_error_handlers(app)
    install_http_security(app, settings)  # inside RequestContext: its log sees every answer
    app.add_middleware(RequestContext, metrics=metrics)
    for module in (
        auth,
        recordings,
        uploads,
        files,
        health,
        sync,
        monitor,
        calendar,
        scheduling,
        chat,
    ):
        app.include_router(module.router)
    for module in (zoom_connect, meetings, insights, enhanced, webhooks, live):
        app.include_router(module.router)
    install_dashboard(app)
    return app
