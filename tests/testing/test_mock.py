"""mock_zoom(): unmodified clients with Zoom's real URLs, answered by an in-process emulator.

Every test here blocks the network unless it is about letting other hosts through:
nothing reaches zoom.us, and a request that escaped interception would fail loudly.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import aiohttp
import httpx
import pytest
import requests
from zoomus import ZoomClient as ZoomusClient

from zoomstack.testing.handle import ZoomEmulator, run_emulator
from zoomstack.testing.mock import MockZoom, mock_zoom
from zoomstack.zoom import ZoomClient, authorize_url, exchange_code

START = datetime(2031, 3, 4, 15, 0)


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[str]:
    """A server on loopback that is not Zoom: where passed-through requests land."""
    with run_emulator(serve=True) as server:
        yield server.base_url


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def zoomus_client(zoom: ZoomEmulator) -> ZoomusClient:
    """zoomus as an application configures it: credentials only, Zoom's URLs built in."""
    return ZoomusClient(zoom.client_id, zoom.client_secret, zoom.account_id)


def test_zoomus_creates_and_reads_back_meetings_offline() -> None:
    with mock_zoom(block_network=True) as zoom:
        client = zoomus_client(zoom.emulator)
        created = client.meeting.create(
            user_id="me", topic="zoomus offline", type=2, start_time=START, duration=25
        )
        assert created.status_code == 201, created.text
        meeting_id = created.json()["id"]
        got = client.meeting.get(id=meeting_id).json()
        assert (got["topic"], got["start_time"]) == ("zoomus offline", "2031-03-04T15:00:00Z")
        listed = client.meeting.list(user_id="me").json()
        assert [m["id"] for m in listed["meetings"]] == [meeting_id]
        assert zoom.emulator.get_meeting(meeting_id).duration == 25


def test_httpx_clients_with_zoom_s_urls_create_and_read_back() -> None:
    with mock_zoom(block_network=True) as zoom:
        handle = zoom.emulator
        with httpx.Client() as http:
            token = http.post(
                "https://zoom.us/oauth/token",
                data={"grant_type": "account_credentials", "account_id": handle.account_id},
                auth=(handle.client_id, handle.client_secret),
            ).json()["access_token"]
            created = http.post(
                "https://api.zoom.us/v2/users/me/meetings",
                json={"topic": "sync httpx"},
                headers={"authorization": f"Bearer {token}"},
            )
        assert created.status_code == 201

        async def with_zoomstack_client() -> list[str]:
            client = ZoomClient.server_to_server(  # default URLs: api.zoom.us, zoom.us
                account_id=handle.account_id,
                client_id=handle.client_id,
                client_secret=handle.client_secret,
            )
            async with client:
                await client.create_meeting("me", {"topic": "async httpx"})
                return [m.topic async for m in client.iter_meetings("me")]

        assert sorted(asyncio.run(with_zoomstack_client())) == ["async httpx", "sync httpx"]


async def test_aiohttp_sessions_are_answered_too() -> None:
    with mock_zoom(block_network=True) as zoom:
        handle = zoom.emulator
        async with aiohttp.ClientSession() as session:
            async with session.post(
                "https://zoom.us/oauth/token",
                params={"grant_type": "account_credentials", "account_id": handle.account_id},
                headers={
                    "authorization": httpx.BasicAuth(
                        handle.client_id, handle.client_secret
                    )._auth_header
                },
            ) as reply:
                token = (await reply.json())["access_token"]
            bearer = {"authorization": f"Bearer {token}"}
            async with session.post(
                "https://api.zoom.us/v2/users/me/meetings",
                json={"topic": "aiohttp"},
                headers=bearer,
            ) as reply:
                assert reply.status == 201
                meeting_id = (await reply.json())["id"]
            async with session.get(
                f"https://api.zoom.us/v2/meetings/{meeting_id}", headers=bearer
            ) as reply:
                assert (await reply.json())["topic"] == "aiohttp"


def test_the_user_oauth_flow_runs_on_zoom_s_authorize_and_token_urls() -> None:
    with mock_zoom(block_network=True) as zoom:
        handle = zoom.emulator
        redirect = "https://app.example.test/zoom/callback"
        consent = authorize_url(client_id=handle.client_id, redirect_uri=redirect, state="s1")
        assert consent.startswith("https://zoom.us/oauth/authorize?")
        sent_back = requests.get(consent, allow_redirects=False, timeout=10)
        assert sent_back.status_code == 302
        callback = httpx.URL(sent_back.headers["location"])
        assert (str(callback.copy_with(query=None)), callback.params["state"]) == (redirect, "s1")

        async def trade() -> str:
            async with httpx.AsyncClient() as http:
                tokens = await exchange_code(
                    http,
                    code=callback.params["code"],
                    redirect_uri=redirect,
                    client_id=handle.client_id,
                    client_secret=handle.client_secret,
                )
            return tokens.access_token

        bearer = {"authorization": f"Bearer {asyncio.run(trade())}"}
        me = requests.get("https://api.zoom.us/v2/users/me", headers=bearer, timeout=10)
        assert me.json()["account_id"] == handle.account_id


def recording_files(handle: ZoomEmulator, minutes: int) -> list[dict[str, Any]]:
    meeting = handle.create_meeting(topic="Daily sync, recorded", duration=minutes)
    return handle.simulate(meeting.id, seed=1).recording_files


def test_recording_downloads_on_zoom_web_hosts_are_served() -> None:
    with mock_zoom(block_network=True) as zoom:
        files = recording_files(zoom.emulator, 1)  # short: its video is a few MB
        token = zoom.emulator.token()
        for item in files:
            assert item["download_url"].startswith("https://zoom.us/")
            reply = requests.get(
                item["download_url"], params={"access_token": token}, stream=True, timeout=10
            )
            assert reply.status_code == 200
            assert len(b"".join(reply.iter_content(8192))) == item["file_size"]


async def test_large_downloads_reach_aiohttp_whole() -> None:
    with mock_zoom(block_network=True) as zoom:
        files = recording_files(zoom.emulator, 60)
        timeline = next(item for item in files if item["file_type"] == "TIMELINE")
        assert timeline["file_size"] > 2**17  # beyond what aiohttp buffers before pausing
        token = zoom.emulator.token()
        query = {"access_token": token}
        async with (
            aiohttp.ClientSession() as session,
            session.get(timeline["download_url"], params=query) as reply,
        ):
            assert len(await reply.read()) == timeline["file_size"]


# -- other hosts ------------------------------------------------------------------------


def test_other_hosts_pass_through_untouched(elsewhere: str) -> None:
    url = f"{elsewhere}/_emulator/health"
    with mock_zoom():
        assert requests.get(url, timeout=10).json()["status"] == "ok"
        assert httpx.get(url).json()["status"] == "ok"

        async def fetch() -> int:
            async with aiohttp.ClientSession() as session, session.get(url) as reply:
                return reply.status

        assert asyncio.run(fetch()) == 200


def test_a_blocked_network_refuses_other_hosts_in_every_client(elsewhere: str) -> None:
    url = f"{elsewhere}/_emulator/health"
    with mock_zoom(block_network=True):
        with pytest.raises(requests.ConnectionError, match="mock_zoom blocks the network"):
            requests.get(url, timeout=10)
        with pytest.raises(httpx.ConnectError, match="mock_zoom blocks the network"):
            httpx.get(url)

        async def fetch() -> None:
            async with aiohttp.ClientSession() as session, session.get(url):
                pass

        with pytest.raises(aiohttp.ClientConnectionError, match="mock_zoom blocks"):
            asyncio.run(fetch())


def test_allowed_hosts_still_go_through_a_blocked_network(elsewhere: str) -> None:
    with mock_zoom(block_network=True, allow=[elsewhere]):
        assert requests.get(f"{elsewhere}/_emulator/health", timeout=10).status_code == 200
        assert httpx.get(f"{elsewhere}/_emulator/health").status_code == 200


# -- faults through real clients --------------------------------------------------------


def test_an_injected_drop_looks_like_a_lost_connection_to_each_client() -> None:
    with mock_zoom(block_network=True) as zoom:
        zoom.emulator.add_fault("/v2/users/*", drop=True)
        url = "https://api.zoom.us/v2/users/me"
        with pytest.raises(requests.ConnectionError):
            requests.get(url, headers={"authorization": "Bearer x"}, timeout=10)
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(url, headers={"authorization": "Bearer x"})

        async def fetch() -> None:
            async with aiohttp.ClientSession() as session, session.get(url):
                pass

        with pytest.raises(aiohttp.ServerDisconnectedError):
            asyncio.run(fetch())


# -- forms of use ------------------------------------------------------------------------


@mock_zoom
def count_meetings_sync() -> int:
    zoom = ZoomusClient("id", "secret", "zsDemoAccount0000000001")
    zoom.meeting.create(user_id="me", topic="decorated")
    return len(zoom.meeting.list(user_id="me").json()["meetings"])


@mock_zoom(block_network=True, account_id="decoratedAccount")
async def count_meetings_async() -> int:
    client = ZoomClient.server_to_server(
        account_id="decoratedAccount", client_id="id", client_secret="secret"
    )
    async with client:
        await client.create_meeting("me", {"topic": "decorated"})
        return len([m async for m in client.iter_meetings("me")])


def test_decorators_give_each_call_a_fresh_emulator() -> None:
    assert count_meetings_sync() == 1
    assert count_meetings_sync() == 1
    assert asyncio.run(count_meetings_async()) == 1
    assert asyncio.run(count_meetings_async()) == 1


def test_the_handle_exists_only_while_active() -> None:
    mock = mock_zoom()
    with pytest.raises(RuntimeError, match="not active"):
        _ = mock.emulator
    with mock:
        assert mock.emulator.health()["status"] == "ok"
    with pytest.raises(RuntimeError, match="not active"):
        _ = mock.emulator


def test_unknown_clients_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown clients"):
        mock_zoom(clients=["urllib"])


@pytest.mark.zoom_emulator(block_network=True)
def test_the_fixture_shares_the_test_s_emulator(
    zoom_emulator: ZoomEmulator, zoom_mock: MockZoom
) -> None:
    assert zoom_mock.emulator is zoom_emulator
    meeting = zoom_emulator.create_meeting(topic="Seen by zoomus")
    got = zoomus_client(zoom_emulator).meeting.get(id=meeting.id).json()
    assert got["topic"] == "Seen by zoomus"
    with pytest.raises(requests.ConnectionError):
        requests.get("https://example.com", timeout=10)
