"""EmulatorThread: an emulator on its own loop, reached in-process or on a loopback port."""

from __future__ import annotations

import gzip
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from zoomstack.testing.runner import (
    Answer,
    EmulatorThread,
    WebhookApps,
    emulator_settings,
    store_url,
)


def health_request() -> httpx.Request:
    return httpx.Request("GET", "https://zoom.us/_emulator/health")


def test_store_choices_become_store_urls(tmp_path: Path) -> None:
    assert store_url("memory", tmp_path) == "sqlite:///:memory:"
    assert store_url("sqlite", tmp_path) == f"sqlite:///{tmp_path / 'emulator.sqlite3'}"
    assert store_url("postgresql://db/x", tmp_path) == "postgresql://db/x"
    with pytest.raises(ValueError, match="unknown store 'mongo'"):
        store_url("mongo", tmp_path)


def test_settings_ignore_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZOOMSTACK_EMULATOR_ACCOUNT_ID", "fromTheEnvironment")
    monkeypatch.setenv("ZOOMSTACK_EMULATOR_WEBHOOK_URL", "http://ci.example/hook")
    settings = emulator_settings("memory", data_dir=tmp_path, seed=7)
    assert settings.account_id != "fromTheEnvironment"
    assert (settings.webhook_url, settings.seed) == ("", 7)


def test_one_state_answers_in_process_and_on_the_socket(tmp_path: Path) -> None:
    settings = emulator_settings("sqlite", data_dir=tmp_path)
    with EmulatorThread(settings, serve=True) as thread:
        assert thread.url is not None and thread.url.startswith("http://127.0.0.1:")
        assert thread.settings.public_url == thread.url  # links point at the socket
        advanced = httpx.Request(
            "POST", "https://zoom.us/_emulator/clock", json={"advance_seconds": 3600}
        )
        assert thread.send(advanced).status == 200
        over_socket = httpx.get(f"{thread.url}/_emulator/clock").json()
        assert over_socket["offset_seconds"] == 3600


def test_a_store_that_cannot_open_stops_the_start(tmp_path: Path) -> None:
    settings = emulator_settings("postgresql://postgres@127.0.0.1:1/nowhere", data_dir=tmp_path)
    with pytest.raises(RuntimeError, match="did not start"):
        EmulatorThread(settings).start()


async def test_async_callers_on_any_loop_share_the_state(tmp_path: Path) -> None:
    with EmulatorThread(emulator_settings("memory", data_dir=tmp_path)) as thread:
        answer = await thread.asend(health_request())
        assert answer.status == 200
        assert b'"status":"ok"' in answer.body


def test_a_blocking_call_from_the_emulator_loop_is_refused(tmp_path: Path) -> None:
    with EmulatorThread(emulator_settings("memory", data_dir=tmp_path)) as thread:

        async def blocking_inside() -> Answer:
            return thread.send(health_request())

        with pytest.raises(RuntimeError, match="would never end"):
            thread.call(blocking_inside())


def test_answers_keep_the_encoded_body_and_decode_on_demand() -> None:
    raw = gzip.compress(b'{"ok": true}')
    answer = Answer(200, [("content-encoding", "gzip"), ("content-length", str(len(raw)))], raw)
    assert answer.to_httpx().read() == b'{"ok": true}'
    headers, body = answer.decoded()
    assert (headers, body) == ([], b'{"ok": true}')
    plain = Answer(204, [("x-a", "1")], b"")
    assert plain.decoded() == ([("x-a", "1")], b"")


async def test_webhook_apps_answer_their_hosts_and_leave_the_rest_to_the_network(
    tmp_path: Path,
) -> None:
    async def hook(request: Request) -> JSONResponse:
        return JSONResponse({"path": request.url.path})

    apps = WebhookApps()
    apps.add("Hooks.Example.Test", Starlette(routes=[Route("/zoom", hook, methods=["POST"])]))
    with EmulatorThread(emulator_settings("memory", data_dir=tmp_path), serve=True) as server:
        async with httpx.AsyncClient(transport=apps) as client:
            routed = await client.post("http://hooks.example.test/zoom")
            assert routed.json() == {"path": "/zoom"}
            network = await client.get(f"{server.url}/_emulator/health")
            assert network.json()["status"] == "ok"
            apps.clear()
            with pytest.raises(httpx.ConnectError):
                await client.post("http://hooks.example.test/zoom")
