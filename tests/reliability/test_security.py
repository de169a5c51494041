"""Security across the apps: what browsers are told, strict tokens on every route family,
secrets kept out of every log line and out of every database column, and the
dependencies' known vulnerabilities.

Per-feature checks live beside their features (OAuth state: tests/hub/routes/
test_zoom_connect.py; uploads: test_uploads.py; webhook signatures, age and replays:
tests/hub/webhooks/test_receiver.py); these cover what no single feature owns.
"""

from __future__ import annotations

import io
import json
import logging
import sqlite3
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import asyncpg
import httpx
import pytest
import structlog
from fastapi import FastAPI

from tests.conftest import BASE, POSTGRES_URL
from tests.hub.conftest import PASSWORD
from tests.hub.zoomed import SECRET, Zoomed
from zoomstack.config import AuthMode, EmulatorSettings, HubSettings
from zoomstack.emulator import spec
from zoomstack.emulator.state import Emulator
from zoomstack.hub.app import create_app as create_hub
from zoomstack.hub.auth.keys import signing_key, token_keys
from zoomstack.hub.http_security import HEADERS, HSTS

NON_ASCII = "pässwörd-€"  # hmac.compare_digest refuses str like this with a TypeError

# -- headers and CORS ----------------------------------------------------------------------


async def test_every_hub_answer_carries_the_security_headers(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    answers = [
        await hub_client.get("/health"),
        await hub_client.get("/recordings", headers=alice),
        await hub_client.get("/recordings/nope", headers=alice),
        await hub_client.get("/docs"),
        await hub_client.post("/auth/login", json={"email": "x@y.z", "password": "wrong-one"}),
    ]
    for answer in answers:
        for name, value in HEADERS.items():
            assert answer.headers[name] == value, (answer.request.url, name)
        assert "strict-transport-security" not in answer.headers  # served over plain HTTP
    assert answers[1].headers["cache-control"] == "no-store"  # signed in: not cached
    assert "no-store" not in answers[0].headers.get("cache-control", "")


@pytest.fixture
def https_hub(hub_settings: HubSettings, log_stream: io.StringIO) -> FastAPI:
    settings = hub_settings.model_copy(
        update={"public_url": "https://hub.example.com", "cors_origins": ["https://app.test"]}
    )
    return create_hub(settings, log_stream=log_stream)


async def test_cors_lets_only_the_configured_origins_in_and_https_gets_hsts(
    https_hub: FastAPI,
) -> None:
    transport = httpx.ASGITransport(app=https_hub)
    async with (
        https_hub.router.lifespan_context(https_hub),
        httpx.AsyncClient(transport=transport, base_url="https://hub.example.com") as client,
    ):
        preflight = {"Access-Control-Request-Method": "GET", "Origin": "https://app.test"}
        allowed = await client.options("/recordings", headers=preflight)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://app.test"
        assert "x-api-key" in allowed.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in allowed.headers
        other = {**preflight, "Origin": "https://evil.test"}
        refused = await client.options("/recordings", headers=other)
        assert refused.status_code == 400
        assert "access-control-allow-origin" not in refused.headers
        simple = await client.get("/health", headers={"Origin": "https://evil.test"})
        assert "access-control-allow-origin" not in simple.headers
        assert simple.headers["strict-transport-security"] == HSTS


async def test_without_configured_origins_no_cross_origin_call_is_allowed(
    hub_client: httpx.AsyncClient,
) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Origin": "https://app.test"}
    answer = await hub_client.options("/auth/login", headers=preflight)
    assert "access-control-allow-origin" not in answer.headers
    simple = await hub_client.get("/health", headers={"Origin": "https://app.test"})
    assert "access-control-allow-origin" not in simple.headers


# -- strict tokens on every route family ------------------------------------------------------


@pytest.fixture
def emulator_settings(store_url: str, tmp_path: Path) -> EmulatorSettings:
    return EmulatorSettings(
        db=store_url, data_dir=tmp_path, public_url=BASE, auth_mode=AuthMode.strict
    )


def zoom_reads() -> list[str]:
    """One GET per route family of Zoom's spec (/v2/<family>/...: hand-written or answered
    from the spec), its ids filled with junk."""
    picked: dict[str, str] = {}
    for op in sorted(spec.operations(), key=lambda op: op.path):
        if op.method.upper() == "GET":
            filled = "/".join("x1" if p.startswith("{") else p for p in op.path.split("/"))
            picked.setdefault(op.path.split("/")[1], "/v2" + filled)
    return sorted(picked.values())


async def test_strict_mode_refuses_missing_forged_and_expired_tokens_with_124(
    client: httpx.AsyncClient, emulator: Emulator, token: str
) -> None:
    reads = zoom_reads()
    assert len(reads) >= 30  # users, meetings, report, chat, phone, rooms, ...
    expired = token
    emulator.clock.offset_seconds += emulator.settings.token_ttl_seconds + 1
    bad = {
        "missing": {},
        "forged": {"Authorization": "Bearer " + "A" * len(token)},
        "expired": {"Authorization": f"Bearer {expired}"},
        "not ascii": {"Authorization": f"Bearer {NON_ASCII}".encode()},
        "query": {},
    }
    for path in reads:
        for name, headers in bad.items():
            url = path + ("?access_token=forged" if name == "query" else "")
            answer = await client.get(url, headers=headers)
            assert answer.status_code == 401, (path, name, answer.text)
            message = "Access token is expired." if name == "expired" else "Invalid access token."
            assert answer.json() == {"code": 124, "message": message}, (path, name)


async def test_strict_mode_refuses_non_ascii_secrets_without_a_crash(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    settings = emulator.settings
    grant = {"grant_type": "account_credentials", "account_id": settings.account_id}
    token = await client.post("/oauth/token", params=grant, auth=(settings.client_id, NON_ASCII))
    assert token.status_code == 401 and token.json()["error"] == "invalid_client"
    form = {"client_id": settings.client_id, "client_secret": NON_ASCII}
    assert (await client.post("/oauth/token", params=grant, data=form)).status_code == 401
    download = await client.get("/rec/download/x", params={"access_token": f"a.b.{NON_ASCII}"})
    assert download.status_code == 401 and download.json()["code"] == 124
    login = await client.post("/auth/login", json={"username": "x@y.z", "password": NON_ASCII})
    assert login.status_code == 401


# -- secrets: never logged, never stored in the clear -----------------------------------------


async def secrets_of(zoomed: Zoomed, email: str) -> dict[str, str]:
    """Every secret a full day of the hub touches, by name."""
    settings = zoomed.hub.settings
    access, refresh = await zoomed.tokens(email)
    assert refresh is not None
    key = await zoomed.client.post("/auth/api-keys", json={}, headers=zoomed.users[email])
    link = await zoomed.client.get(
        "/recordings", params={"page_size": 1}, headers=zoomed.users[email]
    )
    recording_id = link.json()["recordings"][0]["recording_id"]
    signed = await zoomed.client.get(
        f"/recordings/{recording_id}/download", headers=zoomed.users[email]
    )
    return {
        "password": PASSWORD,
        "hub bearer": zoomed.users[email]["Authorization"].split()[1],
        "hub api key": key.json()["key"],
        "zoom access token": access,
        "zoom refresh token": refresh,
        "s2s token": zoomed.zoom.headers["authorization"].split()[1],
        "zoom client secret": settings.zoom_client_secret.get_secret_value(),
        "webhook secret": SECRET,
        "hub signing key": signing_key(settings).decode(),
        "hub token key": token_keys(settings)[0],
        "download signature": signed.json()["url"].rsplit("signature=", 1)[1],
    }


async def full_day(zoomed: Zoomed, email: str) -> dict[str, str]:
    """Sign up, connect Zoom by OAuth, hold a meeting (webhooks, sync, insights), refresh
    the Zoom tokens, download a file: the secrets it used."""
    headers = await zoomed.user(email)
    await zoomed.connect(headers)
    meeting, _ = await zoomed.held(headers)
    first_access, first_refresh = await zoomed.tokens(email)
    zoomed.emulator.clock.offset_seconds += zoomed.emulator.settings.token_ttl_seconds + 1
    url = f"/api/meetings/{meeting['id']}?refresh=true"
    assert (await zoomed.client.get(url, headers=headers)).status_code == 200
    found = await secrets_of(zoomed, email)
    assert found["zoom access token"] != first_access, "the tokens were refreshed"
    return {**found, "first zoom access token": first_access, "first refresh": first_refresh or ""}


async def test_no_secret_reaches_any_log_line(
    zoomed: Zoomed, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)  # every library, every level
    secrets = await full_day(zoomed, "alice@example.com")
    captured = capsys.readouterr()
    logged = "\n".join([caplog.text, captured.out, captured.err])
    assert logged.count('"event": "request"') >= 10, "the hub's request log was captured"
    assert "HTTP Request" in logged, "httpx's own log was captured"
    for name, value in secrets.items():
        assert value not in logged, f"the {name} is in the log output"


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_no_secret_is_stored_in_the_clear(zoomed: Zoomed, hub_db: tuple[str, str]) -> None:
    secrets = await full_day(zoomed, "alice@example.com")
    rows = await every_row(zoomed.hub.settings, hub_db)
    assert len(rows) > 20 and any("zoom_tokens" in row for row in rows)
    dump = "\n".join(rows)
    kept = ["password", "hub bearer", "hub api key", "zoom access token", "zoom refresh token"]
    for name in [*kept, "first zoom access token", "first refresh"]:
        assert secrets[name] not in dump, f"the {name} is stored in the clear"


async def every_row(settings: HubSettings, hub_db: tuple[str, str]) -> list[str]:
    """Every row of every hub table, as text, prefixed with its table's name."""
    url, schema = hub_db
    if not schema:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return list(conn.iterdump())
    conn = await asyncpg.connect(POSTGRES_URL)
    try:
        tables = await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema
        )
        rows = []
        for (table,) in tables:
            query = f'SELECT t::text FROM "{schema}"."{table}" t'
            rows += [f"{table} {row[0]}" for row in await conn.fetch(query)]
        return rows
    finally:
        await conn.close()


# -- dependencies --------------------------------------------------------------------------


def test_no_installed_dependency_has_a_known_vulnerability() -> None:
    """pip-audit over this environment (`make audit` runs it alone). It looks versions up
    in PyPI's JSON API; where that cannot be reached, the test skips saying so, rather
    than pass on an audit that looked nothing up."""
    reachable = _pypi_json_api()
    if reachable is not True:
        pytest.skip(f"pip-audit's vulnerability source is out of reach ({reachable}): not audited")
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--skip-editable",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    audited = json.loads(ran.stdout)["dependencies"]
    looked_up = [dep for dep in audited if "skip_reason" not in dep]
    assert looked_up, ran.stderr  # the API answered the probe, so it answers for these
    vulnerable = {dep["name"]: [v["id"] for v in dep["vulns"]] for dep in looked_up if dep["vulns"]}
    assert not vulnerable, vulnerable


def _pypi_json_api() -> bool | str:
    """True when PyPI's JSON API answers, with vulnerabilities, for an installed version
    (the one question pip-audit asks per package; some mirrors serve only the latest)."""
    url = f"https://pypi.org/pypi/pip/{version('pip')}/json"
    try:
        answer = httpx.get(url, timeout=5, follow_redirects=True)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    if answer.status_code != 200 or "vulnerabilities" not in answer.json():
        return f"{url}: {answer.status_code}"
    return True


# -- logs of several workers -----------------------------------------------------------------


class Writes(io.StringIO):
    """Counts write calls: what reaches a pipe shared by processes in one piece."""

    calls = 0

    def write(self, text: str) -> int:
        self.calls += 1
        return super().write(text)


def test_each_log_line_is_written_at_once_so_workers_cannot_interleave_it() -> None:
    from zoomstack.hub.logs import configure_logging

    stream = Writes()
    configure_logging(stream=stream)
    try:
        log = structlog.get_logger("zoomstack.hub.test")
        for n in range(3):
            log.info("line", n=n)
    finally:
        configure_logging()  # back to stdout, for whatever logs next
    assert stream.calls == 3
    assert [json.loads(line)["n"] for line in stream.getvalue().splitlines()] == [0, 1, 2]
