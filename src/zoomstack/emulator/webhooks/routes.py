"""Control plane for webhooks: /_emulator/webhooks (subscriptions) and their delivery log."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..clock import iso
from ..control_http import emulator_of, parse_model
from ..errors import BadRequest, NotFound
from ..http import json_response, no_content, read_json
from ..pagination import list_body, page_request
from .dispatcher import Dispatcher
from .subscriptions import (
    SETTINGS_ID,
    Subscription,
    SubscriptionChange,
    SubscriptionNew,
    new_subscription,
)


def _dispatcher(request: Request) -> Dispatcher:
    return emulator_of(request).webhooks


async def _subscription(request: Request) -> Subscription:
    subscription_id = request.path_params["subscriptionId"]
    sub = await _dispatcher(request).subscriptions.get(subscription_id)
    if sub is None:
        raise NotFound(f"Webhook subscription does not exist: {subscription_id}.")
    return sub


def _wants_validation(body: dict[str, Any]) -> bool:
    """`"validate": false` skips the url_validation challenge (for endpoints without one)."""
    wanted = body.pop("validate", True)
    if not isinstance(wanted, bool):
        raise BadRequest("validate must be true or false.")
    return wanted


async def _validated(request: Request, sub: Subscription) -> Subscription:
    """Run the challenge; Zoom does not save an endpoint that fails it."""
    emu = emulator_of(request)
    result = await emu.webhooks.validate(sub)
    if not result.ok:
        raise BadRequest(f"Webhook URL validation failed: {result.detail}.")
    return sub.model_copy(update={"validated_at": iso(emu.clock.now())})


async def webhooks_list(request: Request) -> Response:
    account_id = request.query_params.get("account_id")
    subs = await _dispatcher(request).subscriptions.all()
    if account_id:
        subs = [sub for sub in subs if sub.scope == "app" or sub.account_id == account_id]
    return json_response({"total_records": len(subs), "webhooks": [sub.public() for sub in subs]})


async def webhook_create(request: Request) -> Response:
    emu = emulator_of(request)
    body = await read_json(request)
    validate = _wants_validation(body)
    sub = new_subscription(
        parse_model(SubscriptionNew, body), emu.settings, created_at=iso(emu.clock.now())
    )
    if validate:
        sub = await _validated(request, sub)
    await emu.webhooks.subscriptions.save(sub)
    return json_response(sub.public(), 201)


async def webhook_get(request: Request) -> Response:
    return json_response((await _subscription(request)).public())


async def webhook_update(request: Request) -> Response:
    sub = await _subscription(request)
    if sub.id == SETTINGS_ID:
        raise BadRequest("The app-level endpoint is configured in the settings.")
    body = await read_json(request)
    validate = _wants_validation(body)
    change = parse_model(SubscriptionChange, body)
    updated = sub.changed(change)
    endpoint_changed = (updated.url, updated.secret_token) != (sub.url, sub.secret_token)
    if validate and endpoint_changed:
        updated = await _validated(request, updated)
    await _dispatcher(request).subscriptions.save(updated)
    return json_response(updated.public())


async def webhook_delete(request: Request) -> Response:
    sub = await _subscription(request)
    if sub.id == SETTINGS_ID:
        raise BadRequest("The app-level endpoint is configured in the settings.")
    await _dispatcher(request).subscriptions.delete(sub.id)
    return no_content()


async def webhook_validate(request: Request) -> Response:
    """Send the url_validation challenge again (Zoom revalidates every 72 hours)."""
    sub = await _validated(request, await _subscription(request))
    if sub.source == "control":
        await _dispatcher(request).subscriptions.save(sub)
    return json_response({"validated": True, "validated_at": sub.validated_at})


async def deliveries_list(request: Request) -> Response:
    """Newest first; `subscription_id` narrows to one endpoint; Zoom-style paging."""
    paging = page_request(request.query_params)
    page, total = await _dispatcher(request).log.page(
        request.query_params.get("subscription_id") or None,
        limit=paging.page_size,
        after=paging.cursor,
    )
    return json_response(list_body("deliveries", page, paging, total=total))


async def delivery_get(request: Request) -> Response:
    delivery_id = request.path_params["deliveryId"]
    delivery = await _dispatcher(request).log.get(delivery_id)
    if delivery is None:
        raise NotFound(f"Webhook delivery does not exist: {delivery_id}.")
    return json_response(orjson.dumps(delivery))


routes = [
    Route("/_emulator/webhooks", webhooks_list, methods=["GET"]),
    Route("/_emulator/webhooks", webhook_create, methods=["POST"]),
    Route("/_emulator/webhooks/deliveries", deliveries_list, methods=["GET"]),
    Route("/_emulator/webhooks/deliveries/{deliveryId}", delivery_get, methods=["GET"]),
    Route("/_emulator/webhooks/{subscriptionId}", webhook_get, methods=["GET"]),
    Route("/_emulator/webhooks/{subscriptionId}", webhook_update, methods=["PATCH"]),
    Route("/_emulator/webhooks/{subscriptionId}", webhook_delete, methods=["DELETE"]),
    Route("/_emulator/webhooks/{subscriptionId}/validate", webhook_validate, methods=["POST"]),
]
