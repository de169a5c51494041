from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import SecretStr

from tests.hub.conftest import HUB_BASE, MakeUser, login_headers
from tests.hub.recordings.media import VTT, mp4
from tests.hub.routes.test_uploads import upload
from zoomstack.config import HubSettings
from zoomstack.hub.app import create_app
from zoomstack.hub.state import Hub


async def make_recordings(
    client: httpx.AsyncClient, headers: dict[str, str], count: int, **fields: str
) -> list[str]:
    ids = []
    for n in range(count):
        response = await upload(client, headers, f"r{n}.mp4", mp4(300 + n), **fields)
        assert response.status_code == 201, response.text
        ids.append(response.json()["recording_id"])
    return ids


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_user_b_cannot_see_user_a_recordings(
    hub_client: httpx.AsyncClient, alice: dict[str, str], make_user: MakeUser
) -> None:
    [recording_id] = await make_recordings(hub_client, alice, 1)
    bob = await make_user("bob@example.com")
    for method, path in [
        ("GET", f"/recordings/{recording_id}"),
        ("GET", f"/recordings/{recording_id}/download"),
        ("PATCH", f"/recordings/{recording_id}"),
        ("DELETE", f"/recordings/{recording_id}"),
    ]:
        kwargs = {"json": {"summary": "mine now"}} if method == "PATCH" else {}
        response = await hub_client.request(method, path, headers=bob, **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 404, (method, path)
        assert response.json()["message"] == "Recording not found."
    listed = await hub_client.get("/recordings", headers=bob)
    assert listed.json()["total_records"] == 0 and listed.json()["recordings"] == []
    own = await hub_client.get(f"/recordings/{recording_id}", headers=alice)
    assert own.status_code == 200 and own.json()["summary"] is None


@pytest.mark.parametrize("hub_db", ["sqlite", "postgres"], indirect=True)
async def test_list_pages_newest_first_with_total(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    ids = await make_recordings(hub_client, alice, 5)
    seen: list[str] = []
    token = ""
    while True:
        page = await hub_client.get(
            "/recordings", params={"page_size": 2, "next_page_token": token}, headers=alice
        )
        body = page.json()
        assert body["total_records"] == 5 and len(body["recordings"]) <= 2
        seen += [item["recording_id"] for item in body["recordings"]]
        token = body["next_page_token"]
        if not token:
            break
    assert seen == list(reversed(ids))


async def test_list_filters(hub_client: httpx.AsyncClient, alice: dict[str, str]) -> None:
    await make_recordings(hub_client, alice, 2, meeting_id="111", meeting_title="Budget review")
    await make_recordings(hub_client, alice, 1, meeting_id="222", meeting_title="Standup")
    transcript = await upload(hub_client, alice, "notes.vtt", VTT, "text/vtt", meeting_id="222")
    assert transcript.status_code == 201

    async def count(**params: str) -> int:
        response = await hub_client.get("/recordings", params=params, headers=alice)
        assert response.status_code == 200, response.text
        total: int = response.json()["total_records"]
        assert len(response.json()["recordings"]) == total
        return total

    assert await count(meeting_id="111") == 2
    assert await count(meeting_id="222", file_type="vtt") == 1
    assert await count(q="BUDGET") == 2
    assert await count(q="notes") == 1
    # The transcript's own status moves on as its insights are made (a job of its own).
    assert await count(processing_status="stored", meeting_id="111") == 2
    assert await count(processing_status="processed", meeting_id="111") == 0
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert await count(created_from=future) == 0
    assert await count(created_to=future) == 4


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": "0"},
        {"page_size": "1000"},
        {"processing_status": "nope"},
        {"created_from": "x"},
    ],
)
async def test_bad_list_parameters_are_422(
    hub_client: httpx.AsyncClient, alice: dict[str, str], params: dict[str, str]
) -> None:
    response = await hub_client.get("/recordings", params=params, headers=alice)
    assert response.status_code == 422
    assert response.json()["error"] is True


async def test_bad_page_token_is_400(hub_client: httpx.AsyncClient, alice: dict[str, str]) -> None:
    response = await hub_client.get(
        "/recordings", params={"next_page_token": "garbage!"}, headers=alice
    )
    assert response.status_code == 400


async def test_unknown_recording_is_404_in_the_hub_shape(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    response = await hub_client.get("/recordings/does-not-exist", headers=alice)
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"error", "message", "status_code", "timestamp", "details"}
    assert body["status_code"] == 404


async def test_patch_sets_derived_fields(
    hub_client: httpx.AsyncClient, alice: dict[str, str]
) -> None:
    [recording_id] = await make_recordings(hub_client, alice, 1)
    changes = {
        "processing_status": "processed",
        "summary": "We agreed on the budget.",
        "action_items": [{"owner": "Alice", "task": "Send the deck"}],
    }
    response = await hub_client.patch(f"/recordings/{recording_id}", json=changes, headers=alice)
    assert response.status_code == 200
    again = (await hub_client.get(f"/recordings/{recording_id}", headers=alice)).json()
    assert again["summary"] == changes["summary"]
    assert again["action_items"] == changes["action_items"]
    assert again["processing_status"] == "processed"


@pytest.mark.parametrize(
    "body", [{"file_size": 1}, {"processing_status": "exploded"}, {"meeting_title": "x" * 301}]
)
async def test_patch_refuses_what_it_cannot_set(
    hub_client: httpx.AsyncClient, alice: dict[str, str], body: dict[str, object]
) -> None:
    [recording_id] = await make_recordings(hub_client, alice, 1)
    response = await hub_client.patch(f"/recordings/{recording_id}", json=body, headers=alice)
    assert response.status_code == 422
    unchanged = (await hub_client.get(f"/recordings/{recording_id}", headers=alice)).json()
    assert unchanged["file_size"] == 300 and unchanged["processing_status"] == "stored"


async def test_delete_removes_row_and_file(
    hub_client: httpx.AsyncClient, alice: dict[str, str], hub: Hub
) -> None:
    [recording_id] = await make_recordings(hub_client, alice, 1)
    link = (await hub_client.get(f"/recordings/{recording_id}/download", headers=alice)).json()
    assert (
        await hub_client.delete(f"/recordings/{recording_id}", headers=alice)
    ).status_code == 204
    assert (await hub_client.get(f"/recordings/{recording_id}", headers=alice)).status_code == 404
    assert (await hub_client.get(link["url"])).status_code == 404


async def test_download_link_expires_after_the_configured_ttl(
    hub_client: httpx.AsyncClient, alice: dict[str, str], hub: Hub
) -> None:
    [recording_id] = await make_recordings(hub_client, alice, 1)
    before = datetime.now(UTC)
    link = (await hub_client.get(f"/recordings/{recording_id}/download", headers=alice)).json()
    expires_at = datetime.fromisoformat(link["expires_at"])
    ttl = timedelta(seconds=hub.settings.download_url_ttl_seconds)
    assert before + ttl - timedelta(seconds=2) <= expires_at <= before + ttl + timedelta(seconds=2)
    query = parse_qs(urlsplit(link["url"]).query)
    assert int(query["expires"][0]) == int(expires_at.timestamp())


async def test_download_redirect(hub_client: httpx.AsyncClient, alice: dict[str, str]) -> None:
    [recording_id] = await make_recordings(hub_client, alice, 1)
    response = await hub_client.get(
        f"/recordings/{recording_id}/download", params={"redirect": "true"}, headers=alice
    )
    assert response.status_code == 307
    followed = await hub_client.get(response.headers["location"])
    assert followed.status_code == 200 and followed.content == mp4(300)


@pytest.mark.parametrize("presign", [False, True])
async def test_an_s3_backed_hub_stores_and_serves_uploads(
    hub_settings: HubSettings, s3_endpoint: str, s3_bucket: str, presign: bool
) -> None:
    hub_settings.storage_url = f"s3://{s3_bucket}/rec"
    hub_settings.s3_endpoint = s3_endpoint
    hub_settings.s3_access_key_id = "testing"
    hub_settings.s3_secret_access_key = SecretStr("testing")
    hub_settings.s3_presign = presign
    app = create_app(hub_settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=HUB_BASE) as client,
    ):
        headers = await login_headers(client, "s3@example.com")
        created = await upload(client, headers, "big.mp4", mp4(200_000))
        assert created.status_code == 201, created.text
        recording_id = created.json()["recording_id"]
        link = (await client.get(f"/recordings/{recording_id}/download", headers=headers)).json()
        health = (await client.get("/health")).json()
        if presign:
            assert link["url"].startswith(s3_endpoint)
            async with httpx.AsyncClient() as outside:
                fetched = await outside.get(link["url"])
        else:
            assert link["url"].startswith(HUB_BASE + "/files/")
            fetched = await client.get(link["url"])
    assert fetched.status_code == 200 and fetched.content == mp4(200_000)
    assert health["checks"]["storage"]["backend"] == "s3"
