"""Zoom's errors from the spec: the documented code for a missing id, refused bodies."""

from __future__ import annotations

import pytest

from zoomstack.emulator import spec
from zoomstack.emulator.errors import ValidationFailed
from zoomstack.emulator.generic.problems import check_body, documented_errors, not_found


def op(method: str, path: str) -> spec.Operation:
    found = spec.find_operation(method, path)
    assert found is not None
    return found


def test_documented_codes_are_read_from_the_response_description() -> None:
    codes = dict(documented_errors(op("PATCH", "/chat/channels/c/mention_group/m"), 404))
    assert codes == {
        5508: "The mention group doesn't exist.",
        4130: "Channel does not exist: $channelId.",
    }


def test_the_code_about_the_missing_parameter_is_chosen_and_filled() -> None:
    operation = op("PATCH", "/chat/channels/c/mention_group/m")
    channel = not_found(operation, "channelId", "c9")
    assert (channel.status, channel.code, channel.message) == (
        404,
        4130,
        "Channel does not exist: c9.",
    )
    group = not_found(operation, "mentionGroupId", "m9", "mention_group")
    assert (group.code, group.message) == (5508, "The mention group doesn't exist.")


def test_operations_without_a_documented_code_get_a_plain_404() -> None:
    error = not_found(op("GET", "/phone/rooms/r1"), "roomId", "r1")
    assert (error.status, error.code, error.message) == (404, 404, "Room does not exist: r1.")


def test_required_fields_count_on_post_and_put_only() -> None:
    create = op("POST", "/rooms")
    with pytest.raises(ValidationFailed) as caught:
        check_body(create, {"name": "x"})
    assert caught.value.errors == [{"field": "type", "message": "Invalid field."}]
    check_body(op("PATCH", "/emails/mailboxes/me/labels/l1"), {"name": "Paid"})  # no parentId


def test_placeholders_naming_the_same_id_differently_are_filled() -> None:
    error = not_found(op("GET", "/accounts/me/lock_settings"), "accountId", "a1")
    assert (error.status, error.code, error.message) == (400, 2001, "Account does not exist: a1.")
