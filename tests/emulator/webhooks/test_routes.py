"""The control plane for webhooks: subscriptions, url_validation, the delivery log."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BASE
from tests.emulator.webhooks.conftest import FAST_RETRIES, SECRET, Receiver
from zoomstack.config import EmulatorSettings
from zoomstack.emulator.app import create_app
from zoomstack.emulator.state import Emulator

both_stores = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


async def create(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await client.post("/_emulator/webhooks", json={"secret_token": SECRET, **body})


@both_stores
async def test_register_runs_url_validation_and_hides_secrets(
    client: httpx.AsyncClient, receiver: Receiver
) -> None:
    response = await create(
        client, url=receiver.url, events=["meeting.created"], verification_token="vt"
    )
    assert response.status_code == 201
    sub = response.json()
    assert sub["validated_at"] is not None
    assert sub["verification_token_set"] is True
    assert "secret_token" not in sub and "verification_token" not in sub
    (challenge,) = receiver.validations
    assert challenge.json()["event"] == "endpoint.url_validation"
    assert challenge.headers["authorization"] == "vt"

    listed = (await client.get("/_emulator/webhooks")).json()
    assert [w["id"] for w in listed["webhooks"]] == [sub["id"]]
    assert (await client.get(f"/_emulator/webhooks/{sub['id']}")).json() == sub


async def test_endpoint_failing_validation_is_not_saved(
    client: httpx.AsyncClient, receiver: Receiver
) -> None:
    receiver.secret = "a different secret"
    response = await create(client, url=receiver.url)
    assert response.status_code == 400
    assert response.json() == {
        "code": 300,
        "message": "Webhook URL validation failed: "
        "the encryptedToken does not match the secret token.",
    }
    assert (await client.get("/_emulator/webhooks")).json()["webhooks"] == []
    log = (await client.get("/_emulator/webhooks/deliveries")).json()
    assert [d["status"] for d in log["deliveries"]] == ["failed"]


async def test_validation_can_be_skipped_and_run_later(
    client: httpx.AsyncClient, receiver: Receiver
) -> None:
    sub = (await create(client, url=receiver.url, validate=False)).json()
    assert sub["validated_at"] is None and receiver.validations == []
    response = await client.post(f"/_emulator/webhooks/{sub['id']}/validate")
    assert response.status_code == 200 and response.json()["validated"] is True
    again = (await client.get(f"/_emulator/webhooks/{sub['id']}")).json()
    assert again["validated_at"] == response.json()["validated_at"]


async def test_bad_bodies_get_field_errors(client: httpx.AsyncClient) -> None:
    response = await create(client, url="not a url", events=[], colour="red")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 300 and body["message"] == "Validation Failed."
    assert {e["field"] for e in body["errors"]} == {"url", "events", "colour"}
    response = await create(client, url="http://x.example", validate="yes")
    assert response.status_code == 400


async def test_patch_and_delete(client: httpx.AsyncClient, receiver: Receiver) -> None:
    sub = (await create(client, url=receiver.url, events=["meeting.*"])).json()
    response = await client.patch(
        f"/_emulator/webhooks/{sub['id']}", json={"events": ["user.*"], "enabled": False}
    )
    assert response.status_code == 200
    assert response.json()["events"] == ["user.*"] and response.json()["enabled"] is False
    assert len(receiver.validations) == 1  # same URL and secret: no new challenge
    await client.patch(f"/_emulator/webhooks/{sub['id']}", json={"secret_token": "new"})
    assert len(receiver.validations) == 2
    assert (await client.delete(f"/_emulator/webhooks/{sub['id']}")).status_code == 204
    missing = await client.get(f"/_emulator/webhooks/{sub['id']}")
    assert missing.status_code == 404
    assert missing.json()["message"] == f"Webhook subscription does not exist: {sub['id']}."


async def test_auth_headers_basic_and_custom(
    client: httpx.AsyncClient, auth: dict[str, str], receiver: Receiver
) -> None:
    await create(
        client,
        url=receiver.url,
        events=["meeting.created"],
        basic_auth={"username": "zoom", "password": "pw"},
        custom_header={"key": "x-my-custom-key", "value": "my-custom-value"},
    )
    await client.post("/v2/users/me/meetings", headers=auth, json={"topic": "Headers"})
    got = await receiver.next()
    assert got.headers["authorization"] == "Basic " + base64.b64encode(b"zoom:pw").decode()
    assert got.headers["x-my-custom-key"] == "my-custom-value"


async def test_delivery_log_pages_newest_first(
    client: httpx.AsyncClient, auth: dict[str, str], receiver: Receiver
) -> None:
    sub = (await create(client, url=receiver.url, events=["meeting.created"])).json()
    for topic in ("first", "second", "third"):
        await client.post("/v2/users/me/meetings", headers=auth, json={"topic": topic})
    await receiver.take(3)
    params: dict[str, Any] = {"subscription_id": sub["id"], "page_size": 2}
    page = (await client.get("/_emulator/webhooks/deliveries", params=params)).json()
    assert page["total_records"] == 4  # three events and the url_validation
    assert [d["payload"]["payload"]["object"]["topic"] for d in page["deliveries"]] == [
        "third",
        "second",
    ]
    params["next_page_token"] = page["next_page_token"]
    rest = (await client.get("/_emulator/webhooks/deliveries", params=params)).json()
    assert [d["event"] for d in rest["deliveries"]] == [
        "meeting.created",
        "endpoint.url_validation",
    ]
    assert rest["next_page_token"] == ""
    one = await client.get(f"/_emulator/webhooks/deliveries/{page['deliveries'][0]['id']}")
    assert one.json() == page["deliveries"][0]
    assert (await client.get("/_emulator/webhooks/deliveries/nope")).status_code == 404


async def test_app_endpoint_from_settings_gets_every_account(
    emulator: Emulator, receiver: Receiver, tmp_path: Path, store_url: str
) -> None:
    settings = EmulatorSettings(
        db=store_url,
        data_dir=tmp_path,
        public_url=BASE,
        webhook_url=receiver.url,
        webhook_secret=SECRET,
        webhook_events=["recording.*"],
        webhook_retry_delays=FAST_RETRIES,
    )
    emu = Emulator(settings=settings, store=emulator.store)
    app = create_app(emulator=emu)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url=BASE) as client,
    ):
        listed = (await client.get("/_emulator/webhooks")).json()["webhooks"]
        assert [(w["id"], w["source"], w["scope"]) for w in listed] == [("app", "settings", "app")]
        assert (await client.delete("/_emulator/webhooks/app")).status_code == 400
        await emu.emit("meeting.created", "anyAccount", {"id": 1})
        await emu.emit("recording.completed", "anyAccount", {"uuid": "r1"})
        await emu.webhooks.idle()
        got = await receiver.next()
    assert got.event == "recording.completed"
    assert got.json()["payload"]["account_id"] == "anyAccount"
    assert receiver.events.empty()
