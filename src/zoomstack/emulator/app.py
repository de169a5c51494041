"""The emulator's ASGI app: routes, Zoom's error bodies, path normalisation, lifespan."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..config import EmulatorSettings
from . import (
    apidocs,
    control,
    control_seed,
    control_simulate,
    control_snapshot,
    faults,
    generic,
    legacy,
    oauth,
    ratelimit,
    requestlog,
    webhooks,
)
from .accounts import ensure_default_account
from .clock import OFFSET_KEY, Clock
from .errors import BadRequest, MethodNotAllowed, NotFound, ZoomError
from .faults import DroppedConnection
from .hotpath import HotReads
from .http import error_response, json_response
from .links import settle_link_base
from .middleware import TrafficMiddleware
from .resources import (
    calendar_freebusy,
    calendars,
    chat_channels,
    chat_messages,
    downloads,
    groups,
    mail,
    mail_drafts,
    meetings,
    metrics,
    past_meetings,
    qss,
    recordings,
    reports,
    summaries,
    users,
    webinars,
)
from .routing import IndexedRouter
from .runtime import background
from .state import Emulator
from .store import Store, open_store

log = logging.getLogger("zoomstack.emulator")


async def _zoom_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ZoomError)
    return error_response(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return error_response(MethodNotAllowed(f"Method {request.method} is not allowed here."))
    if exc.status_code == 404:
        return error_response(NotFound("This API endpoint is not recognized."))
    return json_response({"code": exc.status_code, "message": exc.detail}, exc.status_code)


async def _out_of_range(request: Request, exc: Exception) -> Response:
    """A date or number past what Python or SQL can hold: bad input, wherever it is met."""
    return error_response(BadRequest("A value is out of range."))


async def _unexpected(request: Request, exc: Exception) -> Response:
    if isinstance(exc, DroppedConnection):
        raise exc  # an injected fault for in-process clients, not a bug: no log, no 500
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return json_response({"code": 500, "message": "Internal error."}, 500)


class NormalisePath:
    """Path clean-up before routing, as Zoom's gateway does it.

    Trailing and doubled slashes are dropped, and an encoded slash (`%2F`, as in a
    URL-encoded meeting UUID) stays encoded so the UUID remains one path segment;
    handlers decode ids with `ids.normalize_uuid`.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            raw: bytes = scope.get("raw_path") or b""
            if b"%2f" in raw.lower():
                segments = raw.decode("latin-1").split("?", 1)[0].split("/")
                path = "/".join(unquote(_keep_slash(seg)) for seg in segments)
            if len(path) > 1 and (path.endswith("/") or "//" in path):
                path = "/" + "/".join(part for part in path.split("/") if part)
            if path is not scope["path"]:
                scope = {**scope, "path": path}
        await self.app(scope, receive, send)


def _keep_slash(segment: str) -> str:
    return segment.replace("%2F", "%252F").replace("%2f", "%252F")


class EmulatorApp(Starlette):
    """Starlette, with `HotReads` in front of the whole middleware stack (see hotpath)."""

    def build_middleware_stack(self) -> ASGIApp:
        return HotReads(super().build_middleware_stack())


def build_starlette(
    emu: Emulator | None, settings: EmulatorSettings, *, owns_store: bool
) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state: Emulator | None = app.state.emulator
        if state is None:
            store: Store = await open_store(settings.database_url())
            state = Emulator(settings=settings, store=store)
            app.state.emulator = state
        await ensure_default_account(state)
        if moved := await settle_link_base(state):
            log.info("links of %d documents now begin with %s", moved, state.base_url())
        offset = await state.store.meta_get(OFFSET_KEY)
        state.clock = Clock(float(offset or 0))
        try:
            async with background(state):
                yield
        finally:
            if owns_store:
                await state.store.close()

    app = EmulatorApp(
        routes=[
            # First: it takes only the Zoom operations no route below implements.
            *generic.routes,
            *oauth.routes,
            *users.routes,
            # Every /v2/meetings/{id}/... route goes before meetings.routes (see there).
            *recordings.routes,
            *summaries.routes,
            *meetings.routes,
            *past_meetings.routes,
            *webinars.routes,
            *reports.routes,
            *metrics.routes,
            *qss.routes,
            *calendars.routes,
            *mail.routes,
            *chat_channels.routes,
            *chat_messages.routes,
            *calendar_freebusy.routes,
            *groups.routes,
            *mail_drafts.routes,
            *downloads.routes,
            *control.routes,
            *faults.routes,
            *ratelimit.routes,
            *requestlog.routes,
            *webhooks.routes,
            *control_simulate.routes,
            *control_seed.routes,
            *control_snapshot.routes,
            *apidocs.routes,
            # The older mock's un-prefixed paths, last: /rec/download/{path} after downloads'.
            *legacy.routes,
        ],
        exception_handlers={
            ZoomError: _zoom_error,
            HTTPException: _http_error,
            OverflowError: _out_of_range,
            Exception: _unexpected,
        },
        middleware=[Middleware(NormalisePath), Middleware(TrafficMiddleware)],
        lifespan=lifespan,
    )
    # Same routes, dispatched through an index (see routing.py); no slash redirects:
    # NormalisePath drops trailing slashes, so a redirect that adds one would loop.
    app.router = IndexedRouter(app.routes, lifespan=lifespan, redirect_slashes=False)
    app.state.emulator = emu
    return app


def create_app(
    settings: EmulatorSettings | None = None, *, emulator: Emulator | None = None
) -> Starlette:
    """The emulator as an ASGI app; it opens its own store unless given an `Emulator`."""
    settings = settings or (emulator.settings if emulator else EmulatorSettings())
    return build_starlette(emulator, settings, owns_store=emulator is None)
