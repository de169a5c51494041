from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


async def create(
    client: httpx.AsyncClient, auth: dict[str, str], **body: object
) -> dict[str, object]:
    payload = {
        "topic": "Design review",
        "type": 2,
        "start_time": "2030-01-02T15:00:00Z",
        "duration": 45,
    }
    response = await client.post("/v2/users/me/meetings", headers=auth, json={**payload, **body})
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


async def test_create_then_read_back(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    created = await create(client, auth, agenda="Q1 plan")
    got = (await client.get(f"/v2/meetings/{created['id']}", headers=auth)).json()
    assert got["topic"] == "Design review"
    assert got["agenda"] == "Q1 plan"
    assert got["start_time"] == "2030-01-02T15:00:00Z"
    assert got["duration"] == 45
    assert got["settings"]["waiting_room"] is False


async def test_get_by_uuid_raw_and_double_encoded(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    created = await create(client, auth)
    uuid = str(created["uuid"])
    double = uuid.replace("/", "%252F").replace("+", "%252B").replace("=", "%253D")
    for key in (uuid.replace("/", "%2F"), double):
        response = await client.get(f"/v2/meetings/{key}", headers=auth)
        assert response.status_code == 200, key
        assert response.json()["id"] == created["id"]


async def test_patch_merges_and_ignores_nulls(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    created = await create(client, auth, settings={"waiting_room": True})
    response = await client.patch(
        f"/v2/meetings/{created['id']}",
        headers=auth,
        json={
            "topic": "Renamed",
            "settings": {"waiting_room": None, "host_video": True},
            "id": created["id"],
        },
    )
    assert response.status_code == 204
    got = (await client.get(f"/v2/meetings/{created['id']}", headers=auth)).json()
    assert got["topic"] == "Renamed"
    assert got["settings"]["waiting_room"] is True
    assert got["settings"]["host_video"] is True


async def test_delete_then_404_with_zoom_code(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    created = await create(client, auth)
    assert (await client.delete(f"/v2/meetings/{created['id']}", headers=auth)).status_code == 204
    response = await client.get(f"/v2/meetings/{created['id']}", headers=auth)
    assert response.status_code == 404
    assert response.json() == {"code": 3001, "message": f"Meeting does not exist: {created['id']}."}


async def test_list_pages_with_tokens(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    ids = [
        (await create(client, auth, start_time=f"2030-01-{day:02d}T10:00:00Z"))["id"]
        for day in range(1, 8)
    ]
    seen: list[object] = []
    token = ""
    while True:
        page = (
            await client.get(
                "/v2/users/me/meetings",
                headers=auth,
                params={"page_size": 3, "next_page_token": token},
            )
        ).json()
        assert page["total_records"] == 7
        seen.extend(m["id"] for m in page["meetings"])
        token = page["next_page_token"]
        if not token:
            break
    assert seen == ids


async def test_list_filters_by_from_to(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    await create(client, auth, start_time="2030-01-01T10:00:00Z")
    inside = await create(client, auth, start_time="2030-02-01T10:00:00Z")
    page = (
        await client.get(
            "/v2/users/me/meetings", headers=auth, params={"from": "2030-01-15", "to": "2030-02-01"}
        )
    ).json()
    assert [m["id"] for m in page["meetings"]] == [inside["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": 7}, "type"),
        ({"duration": "long"}, "duration"),
        ({"start_time": "soon"}, "start_time"),
    ],
)
async def test_bad_fields_get_validation_failed(
    client: httpx.AsyncClient, auth: dict[str, str], body: dict[str, object], field: str
) -> None:
    response = await client.post("/v2/users/me/meetings", headers=auth, json=body)
    assert response.status_code == 400
    assert response.json()["code"] == 300
    assert {"field": field, "message": "Invalid field."} in response.json()["errors"]


async def test_bad_page_token_is_a_400(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    response = await client.get(
        "/v2/users/me/meetings", headers=auth, params={"next_page_token": "%%%"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == 300
