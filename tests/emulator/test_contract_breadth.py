"""Contract cases for the hand-written breadth families (Team Chat, groups, free/busy,
mail drafts): every answer in the shape Zoom's spec gives it, every documented field
present. test_contract.py's guard counts these cases too; operations answered by the
spec-driven mechanism are checked by tests/emulator/generic/test_conformance.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.emulator.schema_check import missing_fields, operation, type_errors
from zoomstack.emulator.resources.mail import compose


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # may name world keys: {channel}, {message} ...
    status: int = 200
    json: dict[str, Any] | None = None
    params: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path} {self.status}"


_CHANNEL = "/v2/chat/users/me/channels/{channel}"
_ACCOUNT_CHANNEL = "/v2/chat/channels/{channel}"
_MESSAGE = "/v2/chat/users/me/messages/{message}"
_IN_CHANNEL = {"to_channel": "{channel}"}
_GROUP = "/v2/groups/{group}"
_DRAFTS = "/v2/emails/mailboxes/me/drafts"
RAW = compose("owner@zoomstack.example", ["ada@example.com"], "Contract", "Hello.")
BUSY = {
    "timeMin": "2030-03-04T00:00:00Z",
    "timeMax": "2030-03-05T00:00:00Z",
    "items": [{"id": "primary"}, {"id": "ada@example.com"}],
}

CASES = [
    Case("POST", "/v2/chat/users/me/channels", 201, {"name": "Contract", "type": 1}),
    Case("GET", "/v2/chat/users/me/channels"),
    Case("GET", "/v2/chat/channels"),
    Case("GET", _CHANNEL),
    Case("GET", _ACCOUNT_CHANNEL),
    Case("PATCH", _CHANNEL, 204, {"name": "Renamed"}),
    Case("PATCH", _ACCOUNT_CHANNEL, 204, {"channel_settings": {"posting_permissions": 2}}),
    Case("DELETE", "/v2/chat/users/me/channels/{doomed}", 204),
    Case("DELETE", "/v2/chat/channels/{doomed}", 204),
    Case("GET", _CHANNEL + "/members"),
    Case("GET", _ACCOUNT_CHANNEL + "/members"),
    Case("POST", _CHANNEL + "/members", 201, {"members": [{"email": "ada@example.com"}]}),
    Case("POST", _ACCOUNT_CHANNEL + "/members", 201, {"members": [{"email": "x@example.com"}]}),
    Case("POST", "/v2/chat/channels/{doomed}/members/me", 201),
    Case("DELETE", _ACCOUNT_CHANNEL + "/members/me", 204),
    Case("DELETE", _CHANNEL + "/members/{member}", 204),
    Case("DELETE", _ACCOUNT_CHANNEL + "/members/{member}", 204),
    Case("POST", "/v2/chat/users/me/messages", 201, {"message": "hi", **_IN_CHANNEL}),
    Case("GET", "/v2/chat/users/me/messages", params=_IN_CHANNEL),
    Case("GET", _MESSAGE, params=_IN_CHANNEL),
    Case("PUT", _MESSAGE, 204, {"message": "edited", **_IN_CHANNEL}),
    Case("DELETE", _MESSAGE, 204, params=_IN_CHANNEL),
    Case("GET", "/v2/groups"),
    Case("POST", "/v2/groups", 201, {"name": "Contract"}),
    Case("GET", _GROUP),
    Case("PATCH", _GROUP, 204, {"name": "Renamed"}),
    Case("DELETE", _GROUP, 204),
    Case("GET", _GROUP + "/members"),
    Case("POST", _GROUP + "/members", 201, {"members": [{"email": "ada@example.com"}]}),
    Case("DELETE", _GROUP + "/members/{member}", 204),
    Case("PATCH", _GROUP + "/members/{member}", 204, {"action": "set_primary"}),
    Case("POST", "/v2/calendars/freeBusy", json=BUSY),
    Case("GET", _DRAFTS),
    Case("POST", _DRAFTS, json={"message": {"raw": RAW}}),
    Case("GET", _DRAFTS + "/{draft}"),
    Case("PUT", _DRAFTS + "/{draft}", json={"message": {"raw": RAW}}),
    Case("DELETE", _DRAFTS + "/{draft}", 204),
    Case("POST", _DRAFTS + "/send", json={"id": "{draft}"}),
]


async def _json(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


@pytest.fixture
async def world(client: httpx.AsyncClient, auth: dict[str, str]) -> dict[str, str]:
    info = {"email": "ada@example.com", "type": 1, "first_name": "Ada", "last_name": "L"}
    ada = await client.post(
        "/v2/users", headers=auth, json={"action": "custCreate", "user_info": info}
    )
    member = (await _json(ada))["id"]
    made = {"name": "World", "type": 1, "members": [{"email": "ada@example.com"}]}
    channels = [
        (await _json(await client.post("/v2/chat/users/me/channels", headers=auth, json=made)))[
            "id"
        ]
        for _ in range(2)
    ]
    sent = await client.post(
        "/v2/chat/users/me/messages", headers=auth, json={"message": "m", "to_channel": channels[0]}
    )
    group = await _json(await client.post("/v2/groups", headers=auth, json={"name": "World"}))
    await client.post(
        f"/v2/groups/{group['id']}/members", headers=auth, json={"members": [{"id": member}]}
    )
    event = {
        "start": {"dateTime": "2030-03-04T09:00:00Z"},
        "end": {"dateTime": "2030-03-04T10:00:00Z"},
    }
    await _json(await client.post("/v2/calendars/primary/events", headers=auth, json=event))
    draft = await client.post(_DRAFTS, headers=auth, json={"message": {"raw": RAW}})
    return {
        "member": member,
        "channel": channels[0],
        "doomed": channels[1],
        "message": (await _json(sent))["id"],
        "group": group["id"],
        "draft": (await _json(draft))["id"],
    }


def fill(value: Any, world: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**world)
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    return value


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
async def test_answer_has_zoom_shape(
    client: httpx.AsyncClient, auth: dict[str, str], world: dict[str, str], case: Case
) -> None:
    response = await client.request(
        case.method,
        fill(case.path, world),
        headers=auth,
        params=fill(case.params, world),
        json=fill(case.json, world),
    )
    assert response.status_code == case.status, response.text
    op = operation(case.method, case.path)
    assert case.status in op.statuses
    schema = op.response_schema(case.status)
    if schema is None:
        assert response.content == b""
        return
    body = response.json()
    assert type_errors(schema, body) == []
    assert missing_fields(schema, body) == []
