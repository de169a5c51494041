"""Connecting a hub user's Zoom account: the authorization-code flow against the
emulator, its CSRF state, token refresh and revocation."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select, update

from tests.hub.zoomed import Zoomed
from zoomstack.hub.auth.zoom_connect import ZoomConnector
from zoomstack.hub.db.meeting_models import OAuthState
from zoomstack.hub.db.models import ZoomToken

ERROR_KEYS = {"error", "message", "status_code", "timestamp", "details"}


async def expire_tokens(zoomed: Zoomed) -> None:
    """Make the hub believe the stored access tokens ran out."""
    async with zoomed.hub.db.sessions() as session:
        past = datetime.now(UTC) - timedelta(minutes=1)
        await session.execute(update(ZoomToken).values(expires_at=past))
        await session.commit()


def assert_refused(answer_status: int, body: dict[str, object], words: str) -> None:
    assert answer_status == 403, body
    assert set(body) == ERROR_KEYS and words in str(body["message"])


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_connect_through_the_browser_redirects(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    before = (await zoomed.client.get("/auth/zoom/status", headers=alice)).json()
    assert before["mode"] == "server_to_server" and before["zoom_user_id"] == ""

    start = await zoomed.client.get("/api/auth/zoom/start", headers=alice)
    assert start.status_code == 307
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://hub.test/api/auth/zoom/callback"]
    back = await zoomed.consent(start.headers["location"])
    done = await zoomed.client.get("/api/auth/zoom/callback", params=back)  # the state says who
    assert done.status_code == 200, done.text

    status = (await zoomed.client.get("/auth/zoom/status", headers=alice)).json()
    owner = (await zoomed.zoom.get("/v2/users/me")).json()
    assert status["connected"] and status["mode"] == "user_oauth"
    assert (status["zoom_user_id"], status["account_id"]) == (owner["id"], owner["account_id"])
    assert datetime.fromisoformat(status["expires_at"]) > datetime.now(UTC)


async def test_code_exchange_by_post_stores_tokens_encrypted(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    issued = await zoomed.client.post("/auth/zoom/authorize", headers=alice, json={})
    assert issued.status_code == 200, issued.text
    back = await zoomed.consent(issued.json()["url"])
    assert back["state"] == issued.json()["state"]
    answer = await zoomed.client.post("/auth/zoom/token", headers=alice, json=back)
    assert answer.status_code == 200, answer.text

    access, refresh = await zoomed.tokens("alice@example.com")
    assert refresh and await zoomed.emulator.tokens.lookup(access) is not None
    async with zoomed.hub.db.sessions() as session:
        row = await session.scalar(select(ZoomToken))
    assert row is not None and row.refresh_token_encrypted is not None
    for plain in (access, refresh):
        assert plain not in row.access_token_encrypted + row.refresh_token_encrypted


async def test_a_forged_state_is_refused(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    url = (await zoomed.client.post("/auth/zoom/authorize", headers=alice)).json()["url"]
    back = await zoomed.consent(url)
    forged = {"code": back["code"], "state": "made-up-state"}
    for answer in (
        await zoomed.client.post("/auth/zoom/token", headers=alice, json=forged),
        await zoomed.client.get("/api/auth/zoom/callback", params=forged),
    ):
        assert_refused(answer.status_code, answer.json(), "Unknown OAuth state")
    status = (await zoomed.client.get("/auth/zoom/status", headers=alice)).json()
    assert status["mode"] == "server_to_server"


async def test_a_state_works_once(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    url = (await zoomed.client.post("/auth/zoom/authorize", headers=alice)).json()["url"]
    first = await zoomed.consent(url)
    assert (await zoomed.client.get("/api/auth/zoom/callback", params=first)).status_code == 200
    again = await zoomed.consent(url)  # a fresh code, the same state
    answer = await zoomed.client.get("/api/auth/zoom/callback", params=again)
    assert_refused(answer.status_code, answer.json(), "used already")


async def test_another_users_state_is_refused_and_stays_theirs(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    bob = await zoomed.user("bob@example.com")
    url = (await zoomed.client.post("/auth/zoom/authorize", headers=alice)).json()["url"]
    back = await zoomed.consent(url)
    for answer in (
        await zoomed.client.post("/auth/zoom/token", headers=bob, json=back),
        await zoomed.client.get("/api/auth/zoom/callback", params=back, headers=bob),
    ):
        assert_refused(answer.status_code, answer.json(), "another user")
    assert (await zoomed.client.get("/auth/zoom/status", headers=bob)).json()["zoom_user_id"] == ""
    mine = await zoomed.client.post("/auth/zoom/token", headers=alice, json=back)
    assert mine.status_code == 200 and mine.json()["mode"] == "user_oauth"


async def test_an_expired_state_is_refused(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    url = (await zoomed.client.post("/auth/zoom/authorize", headers=alice)).json()["url"]
    back = await zoomed.consent(url)
    async with zoomed.hub.db.sessions() as session:
        past = datetime.now(UTC) - timedelta(seconds=1)
        await session.execute(update(OAuthState).values(expires_at=past))
        await session.commit()
    answer = await zoomed.client.post("/auth/zoom/token", headers=alice, json=back)
    assert_refused(answer.status_code, answer.json(), "expired")
    async with zoomed.hub.db.sessions() as session:
        long_ago = datetime.now(UTC) - timedelta(days=2)
        await session.execute(update(OAuthState).values(expires_at=long_ago))
        await session.commit()
    await zoomed.authorize(alice)  # a new state; the long-expired one is cleared away
    async with zoomed.hub.db.sessions() as session:
        assert len(list(await session.scalars(select(OAuthState)))) == 1


async def test_callback_errors(zoomed: Zoomed) -> None:
    denied = await zoomed.client.get("/api/auth/zoom/callback", params={"error": "access_denied"})
    assert_refused(denied.status_code, denied.json(), "not granted")
    missing = await zoomed.client.get("/api/auth/zoom/callback", params={"state": "x"})
    assert missing.status_code == 422 and set(missing.json()) == ERROR_KEYS
    alice = await zoomed.user("alice@example.com")
    state = await zoomed.authorize(alice)
    bad_code = {"code": "not-a-code", "state": state}
    answer = await zoomed.client.post("/auth/zoom/token", headers=alice, json=bad_code)
    assert answer.status_code == 400 and "authorization code" in answer.json()["message"]
    unauthenticated = await zoomed.client.get("/api/oauth/zoom/url")
    assert unauthenticated.status_code == 401


async def test_expired_tokens_are_refreshed_and_the_rotation_saved(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    access, refresh = await zoomed.tokens("alice@example.com")
    await expire_tokens(zoomed)

    await zoomed.meeting(alice)  # any call to Zoom as alice

    new_access, new_refresh = await zoomed.tokens("alice@example.com")
    assert new_access != access and new_refresh not in (None, refresh)
    assert refresh is not None and await zoomed.emulator.tokens.take_refresh(refresh) is None
    status = (await zoomed.client.get("/auth/zoom/status", headers=alice)).json()
    assert datetime.fromisoformat(status["expires_at"]) > datetime.now(UTC)


async def test_concurrent_calls_refresh_once_in_a_process(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    await expire_tokens(zoomed)
    connector: ZoomConnector = zoomed.hub_app.state.zoom
    uid = await zoomed.user_id("alice@example.com")
    clients = [await connector.client(uid) for _ in range(5)]  # all with the stale tokens
    users = await asyncio.gather(*(client.me() for client in clients))
    assert len({user.id for user in users}) == 1
    access, _ = await zoomed.tokens("alice@example.com")
    assert {client.auth.tokens.access_token for client in clients if client.auth.tokens} == {access}


async def test_a_refresh_raced_by_another_process_uses_its_tokens(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    await expire_tokens(zoomed)
    hub = zoomed.hub
    transport = httpx.ASGITransport(app=zoomed.emulator_app)
    other = ZoomConnector(hub.settings, db=hub.db, cipher=hub.cipher, transport=transport)
    uid = await zoomed.user_id("alice@example.com")
    try:
        mine, theirs = await zoomed.hub_app.state.zoom.client(uid), await other.client(uid)
        users = await asyncio.gather(mine.me(), theirs.me())  # two processes, no shared lock
    finally:
        await other.aclose()
    assert users[0].id == users[1].id
    access, _ = await zoomed.tokens("alice@example.com")
    assert await zoomed.emulator.tokens.lookup(access) is not None


async def test_revoking_forgets_the_tokens_and_zoom_refuses_them(zoomed: Zoomed) -> None:
    alice = await zoomed.user("alice@example.com")
    await zoomed.connect(alice)
    access, refresh = await zoomed.tokens("alice@example.com")
    assert (await zoomed.client.delete("/auth/zoom", headers=alice)).status_code == 204
    assert await zoomed.emulator.tokens.lookup(access) is None
    assert refresh is not None and await zoomed.emulator.tokens.take_refresh(refresh) is None
    status = (await zoomed.client.get("/auth/zoom/status", headers=alice)).json()
    assert status["mode"] == "server_to_server" and status["zoom_user_id"] == ""
    async with zoomed.hub.db.sessions() as session:
        assert await session.scalar(select(ZoomToken)) is None
    assert (await zoomed.client.delete("/auth/zoom", headers=alice)).status_code == 204
