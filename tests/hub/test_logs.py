from __future__ import annotations

import io
import json
from typing import Any

import httpx

from tests.hub.conftest import PASSWORD
from tests.hub.recordings.media import mp4
from tests.hub.routes.test_uploads import upload
from zoomstack.hub.logs import REDACTED, redact_secrets


def log_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


async def test_each_request_logs_one_json_line_with_its_request_id(
    hub_client: httpx.AsyncClient, log_stream: io.StringIO
) -> None:
    response = await hub_client.get("/health", headers={"X-Request-ID": "req-abc.123"})
    assert response.headers["x-request-id"] == "req-abc.123"
    [line] = [item for item in log_lines(log_stream) if item.get("path") == "/health"]
    assert line["event"] == "request" and line["request_id"] == "req-abc.123"
    assert line["status"] == 200 and line["method"] == "GET" and line["level"] == "info"
    assert isinstance(line["duration_ms"], float) and line["timestamp"]


async def test_a_request_id_is_made_when_none_or_an_odd_one_is_sent(
    hub_client: httpx.AsyncClient,
) -> None:
    plain = await hub_client.get("/health")
    odd = await hub_client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert len(plain.headers["x-request-id"]) == 32
    assert odd.headers["x-request-id"] != "bad id\twith spaces"
    assert odd.headers["x-request-id"] != plain.headers["x-request-id"]


async def test_passwords_tokens_and_signatures_never_reach_the_logs(
    hub_client: httpx.AsyncClient, log_stream: io.StringIO
) -> None:
    await hub_client.post(
        "/auth/register", json={"email": "carol@example.com", "password": PASSWORD}
    )
    login = await hub_client.post(
        "/auth/login", json={"email": "carol@example.com", "password": PASSWORD}
    )
    token = login.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    await hub_client.post(
        "/auth/login", json={"email": "carol@example.com", "password": "nope-nope"}
    )
    key = (await hub_client.post("/auth/api-keys", json={}, headers=headers)).json()["key"]
    created = await upload(hub_client, {"X-API-Key": key}, "a.mp4", mp4(500))
    recording_id = created.json()["recording_id"]
    link = await hub_client.get(f"/recordings/{recording_id}/download", headers=headers)
    url = link.json()["url"]
    assert (await hub_client.get(url)).status_code == 200
    signature = url.rsplit("signature=", 1)[1]
    text = log_stream.getvalue()
    assert text.count('"event": "request"') >= 6
    for secret in (PASSWORD, "nope-nope", token, key, signature):
        assert secret not in text
    user_lines = [line for line in log_lines(log_stream) if line.get("user_id")]
    assert user_lines, "requests by a logged-in user carry its id"


def test_secret_keys_are_redacted_whatever_logs_them() -> None:
    event = {
        "event": "x",
        "password": "p",
        "access_token": "t",
        "Authorization": "Bearer t",
        "client_secret": "s",
        "x_api_key": "k",
        "user_id": "u1",
    }
    out = redact_secrets(None, "info", dict(event))
    assert out["user_id"] == "u1" and out["event"] == "x"
    assert all(out[key] == REDACTED for key in event if key not in ("user_id", "event"))
