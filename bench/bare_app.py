"""The baseline: a bare ASGI callable answering a constant JSON, no framework at all.

The benchmark serves it with the same server and options as the emulator, so the
emulator's figures read as a share of what the server alone can do.
"""

from __future__ import annotations

from typing import Any

BODY = b'{"id":85746065432,"topic":"baseline","type":2,"status":"waiting"}'
HEADERS = [
    (b"content-type", b"application/json;charset=UTF-8"),
    (b"content-length", str(len(BODY)).encode()),
]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        await receive()  # lifespan.startup
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
