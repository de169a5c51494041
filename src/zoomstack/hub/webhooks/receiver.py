"""The webhook receiver: Zoom's checks first, then each event acted on once.

signature (x-zm-signature over the raw body) and timestamp age -> 401
endpoint.url_validation -> the challenge's answer
the event's id claimed in the ledger -> a replayed request is refused (401), a
retried event is answered 200 without acting again
the handler acts; if it fails, the claim is dropped and Zoom's retry tries again
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import structlog

from ...zoom import WebhookVerificationError, url_validation_response, verify_webhook
from ..errors import Forbidden, HubError, Unauthorized, Unprocessable
from ..state import Hub
from . import ledger
from .events import BadEvent, ZoomEvent, parse_event
from .handlers import EventHandlers
from .ledger import Claim

log = structlog.get_logger("zoomstack.hub.webhooks")

URL_VALIDATION = "endpoint.url_validation"
PRUNE_EVERY = 500  # events; old ledger rows are cheap but not free


class EventBusy(HubError):
    """Another delivery of the event is being handled; Zoom retries a 5xx later."""

    status_code = 503
    default_message = "This event is being processed; try again later."


class WebhookReceiver:
    def __init__(self, hub: Hub, handlers: EventHandlers) -> None:
        self.hub = hub
        self.handlers = handlers
        self._claims = 0

    def _secret(self) -> str:
        secret = self.hub.settings.webhook_secret_token.get_secret_value()
        if not secret:
            raise Forbidden("Webhooks are not configured on this hub (webhook_secret_token).")
        return secret

    async def receive(self, headers: Mapping[str, str], raw: bytes) -> dict[str, Any]:
        secret = self._secret()
        try:
            verify_webhook(secret, headers, raw, max_age=self.hub.settings.webhook_max_age_seconds)
        except WebhookVerificationError as exc:
            log.warning("webhook_refused", reason=str(exc))
            raise Unauthorized(f"Webhook refused: {exc}.") from None
        try:
            event = parse_event(raw)
        except BadEvent as exc:
            raise Unprocessable(f"Not a Zoom event: {exc}.") from None
        if event.name == URL_VALIDATION:
            return _challenge(secret, event)
        return await self._once(event, headers.get("x-zm-signature", ""))

    async def _once(self, event: ZoomEvent, signature: str) -> dict[str, Any]:
        async with self.hub.db.sessions() as session:
            claim = await ledger.claim(session, event=event, signature=signature)
        if claim is Claim.replay:
            log.warning("webhook_replayed", event_name=event.name)
            raise Unauthorized("Webhook refused: this request was received before (replay).")
        if claim is Claim.busy:
            raise EventBusy()
        if claim is Claim.duplicate:
            log.info("webhook_duplicate", event_name=event.name, event_key=event.key)
            return {"status": "duplicate", "event": event.name}
        outcome = await self._act(event)
        await self._maybe_prune()
        return {"status": outcome, "event": event.name}

    async def _act(self, event: ZoomEvent) -> str:
        try:
            outcome = await self.handlers.handle(event)
        except BaseException:
            async with self.hub.db.sessions() as session:
                await ledger.release(session, key=event.key)
            raise
        async with self.hub.db.sessions() as session:
            await ledger.done(session, key=event.key)
        log.info("webhook_handled", event_name=event.name, outcome=outcome)
        return outcome

    async def _maybe_prune(self) -> None:
        self._claims += 1
        if self._claims % PRUNE_EVERY == 1:
            async with self.hub.db.sessions() as session:
                await ledger.prune(session)


def _challenge(secret: str, event: ZoomEvent) -> dict[str, Any]:
    plain = event.payload.get("plainToken")
    if not isinstance(plain, str) or not plain:
        raise Unprocessable("endpoint.url_validation without a plainToken.")
    return dict(url_validation_response(secret, plain))
