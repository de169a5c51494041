"""What each operation does, read from Zoom's paths and schemas."""

from __future__ import annotations

import pytest

from zoomstack.emulator import spec
from zoomstack.emulator.generic.model import Role, is_records, kind_for, plan_of


def plan(method: str, path: str) -> tuple[Role, str]:
    op = spec.find_operation(method, path)
    assert op is not None
    found = plan_of(op)
    return found.role, found.kind


@pytest.mark.parametrize(
    ("method", "path", "role"),
    [
        ("POST", "/chat/users/me/channels", Role.CREATE),
        ("GET", "/chat/users/me/channels", Role.LIST),
        ("GET", "/chat/users/me/channels/c1", Role.READ),
        ("PATCH", "/chat/users/me/channels/c1", Role.UPDATE),
        ("DELETE", "/chat/users/me/channels/c1", Role.DELETE),
        ("DELETE", "/chat/users/me/channels", Role.CLEAR),
        ("GET", "/phone/account_settings", Role.VIEW),
        ("PATCH", "/rooms/account_settings", Role.SET),
        ("POST", "/emails/mailboxes/me/messages/send", Role.ACTION),
        ("GET", "/phone/call_history", Role.LIST),
    ],
)
def test_roles(method: str, path: str, role: Role) -> None:
    assert plan(method, path)[0] is role


def test_an_item_made_under_an_owner_shares_its_kind_with_its_own_address() -> None:
    assert plan("POST", "/users/me/webinars")[1] == plan("GET", "/webinars/1")[1]
    assert plan("GET", "/chat/channels/c1")[1] == plan("POST", "/chat/users/me/channels")[1]


def test_a_top_level_collection_with_its_own_creator_is_its_own_kind() -> None:
    assert kind_for("phone", ("phone", "carrier_reseller", "numbers")) != kind_for(
        "phone", ("phone", "numbers")
    )
    assert not is_records(kind_for("phone", ("phone", "numbers")))


def test_batch_creation_names_its_list() -> None:
    op = spec.find_operation("POST", "/groups/g1/members")
    assert op is not None
    assert plan_of(op).batch_key == "members"


def test_kinds_created_only_by_hand_written_routes_hold_no_records() -> None:
    kind = plan("GET", "/webinars/1")[1]
    assert is_records(kind)
    assert not is_records(kind, frozenset({"POST /users/{userId}/webinars"}))
