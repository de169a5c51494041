"""Spec-driven resources over HTTP: what is created reads back, lists with Zoom's
paging, merges, and is gone after a delete, in several families."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from zoomstack.emulator import spec
from zoomstack.emulator.generic.problems import documented_errors


@dataclass(frozen=True)
class Family:
    """One round trip: create at `collection`, read at `item`, change one field."""

    collection: str
    body: dict[str, Any]
    item: str  # with {id}
    change: dict[str, Any]
    field: str  # where the change shows in the item read: "name" or "basic.name"
    value: Any  # what it shows there
    created: int = 201
    id_field: str = "id"

    @property
    def id(self) -> str:
        return self.collection


ADDRESS = {
    "country": "US",
    "address_line1": "1 Main St",
    "city": "San Jose",
    "state_code": "CA",
    "zip": "95113",
}
FAMILIES = [
    Family("/v2/tracking_fields", {"field": "Dept", "required": False}, "/v2/tracking_fields/{id}", {"field": "Team"}, "field", "Team"),
    Family("/v2/rooms", {"name": "Board", "type": "ZoomRoom"}, "/v2/rooms/{id}", {"basic": {"name": "Huddle"}}, "basic.name", "Huddle"),
    Family("/v2/roles", {"name": "Auditors", "type": "common"}, "/v2/roles/{id}", {"name": "Readers"}, "name", "Readers", 200),
    Family("/v2/chat/spaces", {"space_name": "Eng"}, "/v2/chat/spaces/{id}", {"space_name": "Ops"}, "space_name", "Ops", id_field="space_id"),
    Family("/v2/emails/mailboxes/me/labels", {"name": "Bills", "parentId": ""}, "/v2/emails/mailboxes/me/labels/{id}", {"name": "Paid", "parentId": ""}, "name", "Paid", 200),
    Family("/v2/phone/sites", {"name": "Berlin", "auto_receptionist_name": "AR", "default_emergency_address": ADDRESS}, "/v2/phone/sites/{id}", {"name": "Munich"}, "name", "Munich"),
]  # fmt: skip


def dig(body: dict[str, Any], dotted: str) -> Any:
    for part in dotted.split("."):
        body = body[part]
    return body


def item_path(family: Family, item_id: str) -> str:
    return family.item.format(id=item_id)


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.id)
async def test_create_read_list_change_delete(
    client: httpx.AsyncClient, auth: dict[str, str], family: Family
) -> None:
    created = await client.post(family.collection, headers=auth, json=family.body)
    assert created.status_code == family.created, created.text
    item_id = str(created.json()[family.id_field])
    path = item_path(family, item_id)

    read = await client.get(path, headers=auth)
    assert read.status_code == 200, read.text
    listed = await client.get(family.collection, headers=auth)
    assert item_id in listed.text

    changed = await client.patch(path, headers=auth, json=family.change)
    assert changed.status_code in (200, 204), changed.text
    after = (await client.get(path, headers=auth)).json()
    assert dig(after, family.field) == family.value

    assert (await client.delete(path, headers=auth)).status_code in (200, 204)
    gone = await client.get(path, headers=auth)
    assert gone.status_code in (400, 404)  # 400 where Zoom documents it for unknown ids
    assert "not" in gone.json()["message"].lower()


async def test_missing_id_gets_the_code_the_operation_documents(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.get("/v2/tracking_fields/nope", headers=auth)
    op = spec.find_operation("GET", "/tracking_fields/nope")
    assert op is not None
    assert response.status_code == 404
    code, message = documented_errors(op, 404)[0]
    assert response.json() == {"code": code, "message": message.replace("{fieldId}", "nope")}


async def test_ids_inside_the_path_must_exist(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    """A nested collection under a record that was never created is a 404, not an empty list."""
    missing = await client.get("/v2/rooms/nope/device_profiles", headers=auth)
    assert missing.status_code == 404
    room = (
        await client.post("/v2/rooms", headers=auth, json={"name": "R", "type": "ZoomRoom"})
    ).json()
    found = await client.get(f"/v2/rooms/{room['id']}/device_profiles", headers=auth)
    assert found.status_code == 200, found.text


async def test_lists_page_with_tokens_and_total(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    made = []
    for n in range(5):
        body = {"field": f"F{n}"}
        made.append(
            (await client.post("/v2/tracking_fields", headers=auth, json=body)).json()["id"]
        )
    seen: list[str] = []
    token = ""
    while True:
        page = await client.get(
            "/v2/tracking_fields", headers=auth, params={"page_size": 2, "next_page_token": token}
        )
        body = page.json()
        assert body["total_records"] == 5
        seen += [item["id"] for item in body["tracking_fields"]]
        token = body.get("next_page_token", "")
        if not token:
            break
    # trackingfieldList documents no paging fields: one page holds everything
    assert seen == made


async def test_paged_list_splits_into_pages(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    for n in range(5):
        assert (
            await client.post("/v2/rooms", headers=auth, json={"name": f"R{n}", "type": "ZoomRoom"})
        ).status_code == 201
    first = (await client.get("/v2/rooms", headers=auth, params={"page_size": 2})).json()
    assert [r["name"] for r in first["rooms"]] == ["R0", "R1"]
    assert first["next_page_token"]
    rest = await client.get(
        "/v2/rooms",
        headers=auth,
        params={"page_size": 10, "next_page_token": first["next_page_token"]},
    )
    assert [r["name"] for r in rest.json()["rooms"]] == ["R2", "R3", "R4"]
    assert rest.json()["next_page_token"] == ""


async def test_an_item_made_under_an_owner_reads_back_at_its_own_address(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    """POST /phone/users/{userId}/... and /webinars/{id}-style aliases: the record is
    one, wherever it is read from."""
    made = await client.post("/v2/chat/spaces", headers=auth, json={"space_name": "Design"})
    space = made.json()["space_id"]
    member = await client.post(
        f"/v2/chat/spaces/{space}/members",
        headers=auth,
        json={"members": [{"email": "a@example.com"}]},
    )
    assert member.status_code == 201, member.text
    listed = await client.get(f"/v2/chat/spaces/{space}/members", headers=auth)
    assert [m["email"] for m in listed.json()["members"]] == ["a@example.com"]


async def test_singletons_answer_a_full_body_and_keep_changes(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    first = await client.get("/v2/phone/account_settings", headers=auth)
    again = await client.get("/v2/phone/account_settings", headers=auth)
    assert first.status_code == 200
    assert first.json() == again.json()  # deterministic

    change = {"zoom_rooms": {"auto_start_scheduled_meeting": False}}
    assert (
        await client.patch("/v2/rooms/account_settings", headers=auth, json=change)
    ).status_code == 204
    after = (await client.get("/v2/rooms/account_settings", headers=auth)).json()
    assert after["zoom_rooms"]["auto_start_scheduled_meeting"] is False
    assert after["zoom_rooms"]["auto_stop_scheduled_meeting"] is True  # Zoom's example, kept


async def test_virtual_items_carry_what_their_anchor_knows(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    me = (await client.get("/v2/users/me", headers=auth)).json()
    phone_user = await client.get("/v2/phone/users/me", headers=auth)
    assert phone_user.status_code == 200, phone_user.text
    assert phone_user.json()["email"] == me["email"]
    assert phone_user.json()["id"] == me["id"]
    missing = await client.get("/v2/phone/users/nobody@example.com", headers=auth)
    assert missing.status_code == 404
    assert missing.json()["code"] == 1001


async def test_uploads_are_answered_without_reading_the_file_as_json(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    """Virtual backgrounds are multipart uploads: answered from the spec, not refused."""
    files = {"file": ("beach.png", b"\x89PNG\r\n", "image/png")}
    uploaded = await client.post(
        "/v2/users/me/settings/virtual_backgrounds", headers=auth, files=files
    )
    assert uploaded.status_code == 201, uploaded.text
    assert set(uploaded.json()) >= {"id", "name", "type"}
    removed = await client.delete(
        "/v2/users/me/settings/virtual_backgrounds",
        headers=auth,
        params={"file_ids": uploaded.json()["id"]},
    )
    assert removed.status_code == 204


async def test_creations_that_add_an_existing_thing_keep_its_id(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    """POST /phone/rooms {"id": ...} enables phone on a Zoom Room: it reads back at that id."""
    added = await client.post(
        "/v2/phone/rooms", headers=auth, json={"id": "zr123", "site_id": "s1"}
    )
    assert added.status_code == 201, added.text
    room = await client.get("/v2/phone/rooms/zr123", headers=auth)
    assert (room.status_code, room.json()["id"]) == (200, "zr123")
    assert [
        r["id"] for r in (await client.get("/v2/phone/rooms", headers=auth)).json()["rooms"]
    ] == ["zr123"]


async def test_devices_added_without_an_answer_body_show_in_the_list(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    device = {"device_name": "Lobby", "mac_address": "00:04:f2:5e:ec:3d", "serial_number": "S1",
              "vendor": "poly", "model": "x", "device_type": 1}  # fmt: skip
    added = await client.post("/v2/devices", headers=auth, json=device)
    assert (added.status_code, added.content) == (202, b"")
    listed = (await client.get("/v2/devices", headers=auth)).json()["devices"]
    assert [(d["device_name"], d["serial_number"]) for d in listed] == [("Lobby", "S1")]


async def test_account_lock_settings_keep_changes_for_the_callers_account_only(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    change = {"schedule_meeting": {"host_video": False}}
    assert (
        await client.patch("/v2/accounts/me/lock_settings", headers=auth, json=change)
    ).status_code == 200
    me = (await client.get("/v2/users/me", headers=auth)).json()
    settings = (
        await client.get(f"/v2/accounts/{me['account_id']}/lock_settings", headers=auth)
    ).json()
    assert settings["schedule_meeting"]["host_video"] is False
    other = await client.get("/v2/accounts/someone-else/lock_settings", headers=auth)
    assert (other.status_code, other.json()) == (
        400,
        {"code": 2001, "message": "Account does not exist: someone-else."},
    )
