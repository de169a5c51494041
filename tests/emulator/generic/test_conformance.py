"""Generated contract check: every operation the spec-driven mechanism answers, called
with a request sampled from Zoom's own spec, answers a documented success status with
a body that validates against the operation's response schema, every documented
field present.

One test per family (a fresh emulator each); a failure lists every operation that
broke, with what was wrong.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.generic.driver import Driver
from tests.emulator.schema_check import missing_fields, type_errors
from zoomstack.emulator import spec
from zoomstack.emulator.app import create_app
from zoomstack.emulator.generic import owned_operations
from zoomstack.emulator.generic.bodies import success_schema, success_status
from zoomstack.emulator.state import Emulator

MEETING = {"topic": "Generic", "type": 2, "start_time": "2030-03-04T10:00:00Z", "duration": 30}
WEBINAR = {**MEETING, "type": 5}

# Zoom's own schemas that no answer can satisfy: an enum of item values put on the
# array itself (`{"type": "array", "enum": [1, 2, 3]}`), so any list breaks it.
SPEC_DEFECTS = ("[] is not one of",)


async def anchors(client: httpx.AsyncClient, auth: dict[str, str]) -> dict[str, str]:
    """The ids the hand-written modules own, made once: the owner, a meeting, a webinar."""
    me = (await client.get("/v2/users/me", headers=auth)).json()
    meeting = await client.post("/v2/users/me/meetings", headers=auth, json=MEETING)
    webinar = await client.post("/v2/users/me/webinars", headers=auth, json=WEBINAR)
    assert meeting.status_code == webinar.status_code == 201, webinar.text
    return {
        "users": me["id"],
        "mailboxes": me["email"],
        "accounts": "me",
        "meetings": str(meeting.json()["id"]),
        "webinars": str(webinar.json()["id"]),
    }


def generic_operations(family: str) -> list[spec.Operation]:
    owned = owned_operations(create_app().routes)
    return [op for op in spec.operations(family) if f"{op.method} {op.path}" not in owned]


def problems(op: spec.Operation, response: httpx.Response) -> list[str]:
    status = success_status(op)
    if response.status_code != status:
        return [f"status {response.status_code}, wanted {status}: {response.text[:300]}"]
    schema = success_schema(op)
    if schema is None or status == 204:
        return [] if not response.content else ["a body where the spec documents none"]
    body: Any = response.json()
    errors = [e for e in type_errors(schema, body) if not any(d in e for d in SPEC_DEFECTS)]
    return errors + [f"missing {name}" for name in missing_fields(schema, body)]


@pytest.mark.parametrize("family", spec.families())
async def test_every_generic_operation_answers_in_its_schema(
    client: httpx.AsyncClient, auth: dict[str, str], emulator: Emulator, family: str
) -> None:
    owned = owned_operations(create_app().routes)
    driver = Driver(client, auth, emulator, await anchors(client, auth), owned)
    failures: dict[str, list[str]] = {}
    operations = generic_operations(family)
    for op in operations:
        found = problems(op, await driver.call(op))
        if found:
            failures[f"{op.method} {op.path} ({op.operation_id})"] = found[:3]
    assert failures == {}, f"{len(failures)} of {len(operations)} operations failed"


@pytest.mark.parametrize("family", spec.families())
async def test_unknown_ids_and_stray_bodies_get_zoom_errors_never_a_500(
    client: httpx.AsyncClient, auth: dict[str, str], family: str
) -> None:
    """Every operation Zoom documents, called with ids that name nothing and a body of
    the wrong shape: a 2xx or one of Zoom's error bodies, never a server error."""
    broken: dict[str, str] = {}
    for op in spec.operations(family):
        path = "/v2/" + "/".join(
            "nope%20x" if s.startswith("{") else s for s in op.path.split("/") if s
        )
        body = None if op.method in ("GET", "DELETE") else [{"unexpected": True}]
        response = await client.request(op.method, path, headers=auth, json=body)
        if response.status_code >= 500:
            broken[f"{op.method} {op.path}"] = response.text[:200]
        elif response.status_code >= 400 and set(response.json()) - {"code", "message", "errors"}:
            broken[f"{op.method} {op.path}"] = f"not Zoom's error body: {response.text[:200]}"
    assert broken == {}


def _stray_path(op: spec.Operation) -> str:
    """`me` for users, mailboxes and accounts (so the call gets past them), else an id
    that names nothing."""
    out: list[str] = []
    for segment in (s for s in op.path.split("/") if s):
        if not segment.startswith("{"):
            out.append(segment)
        else:
            out.append(
                "me" if out and out[-1] in ("users", "mailboxes", "accounts") else "nope%20x"
            )
    return "/v2/" + "/".join(out)
