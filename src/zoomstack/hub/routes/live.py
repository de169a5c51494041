"""/ws: live updates for the signed-in user over a WebSocket.

Authenticate with a bearer token or API key: in the `Authorization` or `X-API-Key`
header, as `?token=`, or as the first message `{"type": "auth", "token": "..."}`.
The server then sends `{"type": "ready", "user_id": ...}` and one
`{"type": "event", "event", "id", "ts", "data"}` per event; `{"type": "ping"}`
is answered with `{"type": "pong"}`. Failed authentication closes with 4401.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog
from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from ..auth.tokens import resolve_token
from ..realtime import LiveClient, Realtime
from ..state import Hub

log = structlog.get_logger("zoomstack.hub.realtime")
router = APIRouter(tags=["live"])

AUTH_TIMEOUT_SECONDS = 10.0
CLOSE_UNAUTHORIZED = 4401  # 4000-4999 are the application's; this one mirrors HTTP 401
CLOSE_TOO_SLOW = 1013  # "try again later": the client fell behind and was dropped


@router.websocket("/ws")
async def live(websocket: WebSocket) -> None:
    hub: Hub = websocket.app.state.hub
    realtime: Realtime = websocket.app.state.realtime
    await websocket.accept()
    user_id = await _authenticate(websocket, hub)
    if user_id is None:
        await websocket.close(code=CLOSE_UNAUTHORIZED, reason="Not authenticated.")
        return
    async with realtime.connect(user_id) as client:
        sender = _Sender(websocket)
        try:
            await sender.send({"type": "ready", "user_id": user_id})
        except WebSocketDisconnect:
            return  # gone before hearing back (a page left as soon as it opened the socket)
        await _serve(websocket, client, sender)


def _presented(websocket: WebSocket) -> str | None:
    authorization = websocket.headers.get("authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return websocket.headers.get("x-api-key") or websocket.query_params.get("token")


async def _authenticate(websocket: WebSocket, hub: Hub) -> str | None:
    presented = _presented(websocket)
    if presented is None:
        presented = await _first_message_token(websocket)
    if not presented:
        return None
    async with hub.db.sessions() as session:
        user = await resolve_token(session, value=presented)
    return user.id if user is not None else None


async def _first_message_token(websocket: WebSocket) -> str | None:
    try:
        async with asyncio.timeout(AUTH_TIMEOUT_SECONDS):
            message = await websocket.receive_json()
    except (TimeoutError, ValueError, WebSocketDisconnect):
        return None
    if isinstance(message, dict) and message.get("type") == "auth":
        token = message.get("token")
        return token if isinstance(token, str) else None
    return None


class _Sender:
    """Sends from two tasks (events, pongs) one message at a time."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self.lock = asyncio.Lock()

    async def send(self, message: dict[str, Any]) -> None:
        async with self.lock:
            await self.websocket.send_json(message)


async def _serve(websocket: WebSocket, client: LiveClient, sender: _Sender) -> None:
    tasks = {
        asyncio.create_task(_push(client, sender)),
        asyncio.create_task(_listen(websocket, sender)),
        asyncio.create_task(client.overflowed.wait()),
    }
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    if client.overflowed.is_set():
        log.warning("live_client_dropped", user_id=client.user_id)
        with contextlib.suppress(Exception):
            await websocket.close(code=CLOSE_TOO_SLOW, reason="Too many events unread.")


async def _push(client: LiveClient, sender: _Sender) -> None:
    while True:
        event = await client.next()
        await sender.send(event.client_message())


async def _listen(websocket: WebSocket, sender: _Sender) -> None:
    """Answer pings; return when the client goes away."""
    while True:
        try:
            message = await websocket.receive_json()
        except WebSocketDisconnect:
            return
        except ValueError:
            continue  # not JSON: ignored, the connection stays
        if isinstance(message, dict) and message.get("type") == "ping":
            await sender.send({"type": "pong"})
