"""The control plane under /_emulator/: health, reset, clock, and what tests drive."""

from __future__ import annotations

import os

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .accounts import ensure_default_account
from .auth import emulator
from .clock import OFFSET_KEY, iso
from .errors import BadRequest
from .http import json_response, read_json
from .state import Emulator

# A century either way: far enough for any test, near enough that every date stays valid.
MAX_OFFSET_SECONDS = 100 * 365 * 86400


async def health(request: Request) -> Response:
    emu = emulator(request)
    await emu.store.meta_get(OFFSET_KEY)  # proves the store answers
    return json_response(
        {
            "status": "ok",
            "store": emu.store.url.split("://", 1)[0],
            "auth_mode": emu.settings.auth_mode.value,
            "account_id": emu.account_id,
            "now": iso(emu.clock.now()),
            "pid": os.getpid(),  # which worker answered, when several share the port
        }
    )


async def clear(emu: Emulator) -> None:
    """An empty store and everything cached from it forgotten (no default account yet)."""
    await emu.store.reset()
    await emu.traffic.reset(emu.store)
    emu.tokens.forget()
    emu.clock.offset_seconds = 0.0


async def reset(request: Request) -> Response:
    emu = emulator(request)
    await clear(emu)
    await ensure_default_account(emu)
    return json_response({"status": "reset"})


async def clock(request: Request) -> Response:
    emu = emulator(request)
    if request.method == "POST":
        body = await read_json(request)
        advance = body.get("advance_seconds")
        if not isinstance(advance, int | float) or isinstance(advance, bool):
            raise BadRequest("advance_seconds must be a number of seconds.")
        offset = emu.clock.offset_seconds + float(advance)
        if not abs(offset) <= MAX_OFFSET_SECONDS:
            raise BadRequest("advance_seconds must keep the clock within a century of now.")
        emu.clock.offset_seconds = offset
        await emu.store.meta_set(OFFSET_KEY, str(emu.clock.offset_seconds))
    return json_response({"now": iso(emu.clock.now()), "offset_seconds": emu.clock.offset_seconds})


routes = [
    Route("/_emulator/health", health, methods=["GET"]),
    Route("/_emulator/reset", reset, methods=["POST"]),
    Route("/_emulator/clock", clock, methods=["GET", "POST"]),
]
