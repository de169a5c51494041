"""Zoom's webhooks: POST /webhooks/zoom (and the older enhanced path)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ..errors import PayloadTooLarge
from ..webhooks import WebhookReceiver

router = APIRouter(tags=["webhooks"])
MAX_BODY_BYTES = 1024 * 1024  # Zoom's events are a few KB; refuse more before verifying


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"A webhook body is at most {limit} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"A webhook body is at most {limit} bytes.")
    return bytes(body)


@router.post("/webhooks/zoom", summary="Zoom webhook receiver")
@router.post("/api/zoom/enhanced/webhooks/meeting", summary="Zoom webhook receiver (alias)")
async def zoom_webhook(request: Request) -> dict[str, Any]:
    """Verifies `x-zm-signature`, answers `endpoint.url_validation`, acts on each event once."""
    receiver: WebhookReceiver = request.app.state.webhooks
    return await receiver.receive(request.headers, await read_body(request))
