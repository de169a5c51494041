from __future__ import annotations

import httpx
import pytest

from tests.hub.conftest import PASSWORD, MakeUser


async def test_register_login_and_me(hub_client: httpx.AsyncClient) -> None:
    created = await hub_client.post(
        "/auth/register",
        json={"email": "Alice@Example.com", "password": PASSWORD, "full_name": "Alice"},
    )
    assert created.status_code == 201
    assert created.json()["email"] == "alice@example.com"
    assert "password" not in created.text and "hash" not in created.text
    login = await hub_client.post(
        "/auth/login", json={"email": "alice@example.com", "password": PASSWORD}
    )
    assert login.status_code == 200
    body = login.json()
    assert body["token_type"] == "bearer" and body["expires_at"]
    me = await hub_client.get(
        "/users/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["full_name"] == "Alice"


async def test_oauth2_password_form_issues_a_token(
    hub_client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    await make_user("form@example.com")
    response = await hub_client.post(
        "/auth/token", data={"username": "form@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["access_token"]
    me = await hub_client.get("/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["email"] == "form@example.com"


@pytest.mark.parametrize(
    ("email", "password"),
    [("alice@example.com", "wrong password!"), ("nobody@example.com", PASSWORD)],
)
async def test_wrong_credentials_get_the_same_401(
    hub_client: httpx.AsyncClient, make_user: MakeUser, email: str, password: str
) -> None:
    await make_user("alice@example.com")
    response = await hub_client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 401
    body = response.json()
    assert body["error"] is True and body["status_code"] == 401
    assert body["message"] == "Incorrect email or password."
    assert response.headers["www-authenticate"] == "Bearer"


async def test_duplicate_email_is_409(hub_client: httpx.AsyncClient, make_user: MakeUser) -> None:
    await make_user("alice@example.com")
    again = await hub_client.post(
        "/auth/register", json={"email": "ALICE@example.com", "password": PASSWORD}
    )
    assert again.status_code == 409


async def test_short_password_is_422_without_echoing_it(hub_client: httpx.AsyncClient) -> None:
    response = await hub_client.post(
        "/auth/register", json={"email": "bob@example.com", "password": "s3cr"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] is True and body["details"][0]["loc"] == ["body", "password"]
    assert "s3cr" not in response.text


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer zsk_not_a_token"}, {"X-API-Key": "zsk_not_a_key"}],
)
async def test_protected_routes_need_a_valid_token(
    hub_client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await hub_client.get("/recordings", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] is True


async def test_logout_revokes_the_bearer_token(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    assert (await hub_client.post("/auth/logout", headers=alice)).status_code == 204
    assert (await hub_client.get("/users/me", headers=alice)).status_code == 401


async def test_api_keys_are_shown_once_listed_and_revocable(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    created = await hub_client.post("/auth/api-keys", json={"name": "script"}, headers=alice)
    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("zsk_") and created.json()["prefix"] == key[:12]
    me = await hub_client.get("/users/me", headers={"X-API-Key": key})
    assert me.json()["email"] == "alice@example.com"
    listed = (await hub_client.get("/auth/api-keys", headers=alice)).json()
    assert [item["name"] for item in listed] == ["script"]
    assert "key" not in listed[0]
    key_id = created.json()["id"]
    assert (await hub_client.delete(f"/auth/api-keys/{key_id}", headers=alice)).status_code == 204
    assert (await hub_client.get("/users/me", headers={"X-API-Key": key})).status_code == 401


async def test_one_user_cannot_revoke_another_users_key(
    hub_client: httpx.AsyncClient, alice: dict[str, str], make_user: MakeUser
) -> None:
    bob = await make_user("bob@example.com")
    created = await hub_client.post("/auth/api-keys", json={"name": "a"}, headers=alice)
    key_id = created.json()["id"]
    assert (await hub_client.delete(f"/auth/api-keys/{key_id}", headers=bob)).status_code == 404
    still = await hub_client.get("/users/me", headers={"X-API-Key": created.json()["key"]})
    assert still.status_code == 200


async def test_registration_can_be_closed(hub_client: httpx.AsyncClient, hub_app: object) -> None:
    from zoomstack.hub.state import Hub

    hub: Hub = hub_app.state.hub  # type: ignore[attr-defined]
    hub.settings.allow_registration = False
    response = await hub_client.post(
        "/auth/register", json={"email": "late@example.com", "password": PASSWORD}
    )
    assert response.status_code == 403
