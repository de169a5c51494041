"""Handle helpers for webhooks: endpoints to send events to, and the delivery log."""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from .control import ControlPlane
from .results import Delivery, Subscription

if TYPE_CHECKING:
    from starlette.types import ASGIApp

POLL_SECONDS = 0.02
PAGE_SIZE = 300


class WebhookHelpers(ControlPlane):
    def subscribe(
        self,
        url: str,
        *,
        events: Sequence[str] = ("*",),
        secret_token: str | None = None,
        validate: bool = True,
        **options: Any,
    ) -> Subscription:
        """Send the account's `events` (globs: `meeting.*`) to `url`, signed with
        `secret_token` (the emulator's webhook secret by default). With `validate`,
        the endpoint must first answer Zoom's url_validation challenge."""
        body = {"url": url, "events": list(events), "validate": validate, **options}
        if secret_token is not None:
            body["secret_token"] = secret_token
        return Subscription.from_body(self._control("POST", "webhooks", json=body))

    def subscribe_app(
        self,
        app: ASGIApp,
        *,
        path: str = "/",
        events: Sequence[str] = ("*",),
        secret_token: str | None = None,
        validate: bool = True,
    ) -> Subscription:
        """Send events to an ASGI app (a test's own webhook handler) in-process, at `path`.

        The app runs on the emulator's event loop, without its lifespan."""
        host = f"app-{secrets.token_hex(4)}.webhooks.test"
        self.require_thread("subscribe_app").webhook_apps.add(host, app)
        url = f"http://{host}/{path.lstrip('/')}"
        return self.subscribe(url, events=events, secret_token=secret_token, validate=validate)

    def unsubscribe(self, subscription_id: str) -> None:
        self._control("DELETE", f"webhooks/{subscription_id}")

    def deliveries(
        self, *, event: str | None = None, subscription_id: str | None = None
    ) -> list[Delivery]:
        """Every delivery so far, oldest first; `event` is a glob (`recording.*`).
        The url_validation challenges are left out unless `event` asks for them."""
        found = [Delivery.from_body(body) for body in self._delivery_pages(subscription_id)]
        pattern = event or "*"
        kept = [d for d in found if fnmatchcase(d.event, pattern)]
        if event is None:
            kept = [d for d in kept if d.event != "endpoint.url_validation"]
        return kept[::-1]

    def _delivery_pages(self, subscription_id: str | None) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"page_size": PAGE_SIZE}
        if subscription_id:
            params["subscription_id"] = subscription_id
        bodies: list[dict[str, Any]] = []
        while True:
            page = self._control("GET", "webhooks/deliveries", params=params)
            bodies += page["deliveries"]
            if not page.get("next_page_token"):
                return bodies
            params["next_page_token"] = page["next_page_token"]

    def wait_for_deliveries(
        self,
        count: int = 1,
        *,
        event: str | None = None,
        subscription_id: str | None = None,
        timeout: float = 10.0,
    ) -> list[Delivery]:
        """Wait until at least `count` deliveries (matching `event`) had their first
        attempt; the matching deliveries, oldest first. Events go out in the
        background, so a test waits here before it looks at what its endpoint got."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.deliveries(event=event, subscription_id=subscription_id)
            done = [delivery for delivery in found if delivery.done]
            if len(done) >= count:
                return done
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{len(done)} of {count} webhook deliveries done after {timeout}s "
                    f"(seen: {[d.event for d in found]})"
                )
            time.sleep(POLL_SECONDS)
