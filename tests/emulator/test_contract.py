"""Contract test: every operation the emulator implements answers in the shape Zoom's
own OpenAPI file gives it, with a documented status, every documented field present
(bar those Zoom itself sends only when they apply), and Zoom's error body on failure.

Covering another operation is one line in CASES (or ERROR_CASES).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
import pytest
from starlette.routing import Route

from tests.emulator.schema_check import (
    ERROR_SCHEMA,
    missing_fields,
    operation,
    type_errors,
)
from tests.emulator.simulated import encoded, happened, held_webinar
from tests.emulator.test_contract_breadth import CASES as BREADTH_CASES
from zoomstack.emulator import spec
from zoomstack.emulator.app import create_app
from zoomstack.emulator.resources.mail import compose

MEETING = {"topic": "Contract", "type": 2, "start_time": "2030-03-04T10:00:00Z", "duration": 30}
RECURRING = {
    **MEETING,
    "type": 8,
    "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "2", "end_times": 3},
}
REGISTERED = {**MEETING, "settings": {"approval_type": 0}}
SPAN = {"from": "2000-01-01", "to": "2100-01-01"}
EVENT = {
    "summary": "Contract review",
    "start": {"dateTime": "2030-03-04T10:00:00Z"},
    "end": {"dateTime": "2030-03-04T11:00:00Z"},
    "attendees": [{"email": "grace@example.com"}],
}
RAW = compose("owner@zoomstack.example", ["grace@example.com"], "Contract", "Hello.")
WEBINAR = {
    "topic": "Contract webinar",
    "type": 5,
    "start_time": "2030-03-04T10:00:00Z",
    "duration": 60,
}

# Fields Zoom sends only when they apply (a recurring meeting's occurrences, a
# registration link when registration is on ...), by operationId.
_MEETING_CONDITIONAL = {
    "registration_url",  # registration on (approval_type 0 or 1)
    "occurrences",  # recurring meetings (type 8)
    "recurrence",
    "chat_join_url",  # continuous meeting chat on
    "template_id",  # created from a template
    "dynamic_host_key",  # only with the dynamic host key feature
    "sensitivity_label_id",  # only with sensitivity labels on
    "settings.auto_add_recording_to_video_management.channels",  # only when enabled
    # a recurrence carries the fields of its own type and end rule only
    "recurrence.end_date_time",
    "recurrence.end_times",
    "recurrence.weekly_days",
    "recurrence.monthly_day",
    "recurrence.monthly_week",
    "recurrence.monthly_week_day",
}
# only for accounts with several subscription plans holding the same plan
_LICENSES = "license_info_list"
_FILES = ("file_path", "deleted_time")
_NOT_AUDIO = (
    "resolution", "min_frame_rate", "avg_frame_rate", "max_frame_rate", "zoom_min_cpu_usage",
    "zoom_avg_cpu_usage", "zoom_max_cpu_usage", "system_max_cpu_usage",
    "system_min_cpu_pressure_level", "system_avg_cpu_pressure_level", "system_max_cpu_pressure_level",
)  # fmt: skip
CONDITIONAL: dict[str, set[str]] = {
    "meeting": _MEETING_CONDITIONAL,
    "meetingCreate": _MEETING_CONDITIONAL,
    "user": {"manager", _LICENSES},  # manager: only when the user has one
    "users": {f"users.[].{_LICENSES}"},
    # on-premise paths, trash-only times, a token only given with include_fields
    "recordingGet": {
        "download_access_token",
        *(f"recording_files.[].{f}" for f in _FILES),
        "participant_audio_files.[].file_path",
    },
    "recordingsList": {f"meetings.[].recording_files.[].{f}" for f in _FILES},
    # a simulive webinar's recording, a recurring one's schedule, a template's id,
    # registration (approval_type 0 or 1)
    **{
        op: {"record_file_id", "occurrences", "recurrence", "template_id", "registration_url"}
        for op in ("webinar", "webinarCreate")
    },
    # registrant ids only with include_fields=registrant_id
    **{
        op: {"participants.[].registrant_id"}
        for op in (
            "reportMeetingParticipants",
            "reportWebinarParticipants",
            "dashboardMeetingParticipants",
            "dashboardWebinarParticipants",
        )
    },
    # a stream's details carry what applies to it: frame rates for video, CPU for cpu_usage
    **{
        op: {f"participants.[].qos.[].details.{name}" for name in _NOT_AUDIO}
        for op in (
            "dashboardMeetingParticipantsQOSSummary",
            "dashboardWebinarParticipantsQOSSummary",
        )
    },
    # an event's times are a dateTime, or a date for all-day events; a message's `raw`
    # only with format=raw
    **{
        op: {f"{edge}.date" for edge in ("start", "end")}
        | {f"items.[].{edge}.date" for edge in ("start", "end")}
        for op in ("Listevent", "Insertevent", "Getevent", "Patchevent")
    },
    "get_email": {"raw"},
}

# Where Zoom answers beyond its own spec, followed on purpose: recordings list
# TIMELINE files (Zoom sends them; its file_type description and recording webhooks
# name them, the REST enum leaves them out).
BEYOND_SPEC = ("'TIMELINE' is not one of",)


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # may name World fields: {user}, {meeting} ...
    status: int = 200
    json: dict[str, Any] | None = None
    params: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    label: str = ""
    present: tuple[str, ...] = ()  # conditional fields that apply to this answer

    @property
    def id(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.params.items())
        name = f"{self.method} {self.path}{'?' + query if query else ''} {self.status}"
        return f"{name} {self.label}".strip()


_RECURS = ("occurrences", "recurrence", "recurrence.weekly_days", "recurrence.end_times")
_REG = ("registration_url",)

CASES = [
    Case("GET", "/v2/users"),
    Case("GET", "/v2/users", params={"status": "pending", "page_size": "1"}),
    Case("POST", "/v2/users", 201, {"action": "create", "user_info": {"email": "n@example.com", "type": 1}}),
    Case("GET", "/v2/users/{user}"),
    Case("GET", "/v2/users/me"),
    Case("GET", "/v2/users/{email}"),
    Case("PATCH", "/v2/users/{user}", 204, {"first_name": "Ada", "pronouns": "she/her"}),
    Case("PUT", "/v2/users/{user}/status", 204, {"action": "deactivate"}),
    Case("GET", "/v2/users/{user}/settings"),
    Case("PATCH", "/v2/users/{user}/settings", 204, {"in_meeting": {"chat": False}}),
    Case("DELETE", "/v2/users/{victim}", 204),
    Case("GET", "/v2/users/{user}/meetings"),
    Case("GET", "/v2/users/me/meetings", params={"type": "upcoming"}),
    Case("POST", "/v2/users/{user}/meetings", 201, MEETING),
    Case("POST", "/v2/users/me/meetings", 201, RECURRING, label="recurring", present=_RECURS),
    Case("POST", "/v2/users/me/meetings", 201, REGISTERED, label="registration", present=_REG),
    Case("GET", "/v2/meetings/{meeting}"),
    Case("GET", "/v2/meetings/{recurring}", present=_RECURS),
    Case("GET", "/v2/meetings/{registered}", present=_REG),
    Case("PATCH", "/v2/meetings/{meeting}", 204, {"topic": "Renamed", "settings": {"host_video": True}}),
    Case("DELETE", "/v2/meetings/{doomed}", 204),
    Case("GET", "/v2/past_meetings/{past}"),
    Case("GET", "/v2/past_meetings/{past_uuid}", label="by uuid"),
    Case("GET", "/v2/past_meetings/{past}/participants"),
    Case("GET", "/v2/past_meetings/{past}/instances"),
    Case("GET", "/v2/users/me/recordings", params={"from": "2000-01-01", "to": "2100-01-01"}),
    Case("GET", "/v2/meetings/{past}/recordings"),
    Case("DELETE", "/v2/meetings/{past}/recordings/{file_id}", 204),
    Case("DELETE", "/v2/meetings/{past_uuid}/recordings", 204),
    Case("GET", "/v2/meetings/meeting_summaries", params={"from": "2000-01-01", "to": "2100-01-01"}),
    Case("GET", "/v2/meetings/{past}/meeting_summary"),
    Case("DELETE", "/v2/meetings/{past_uuid}/meeting_summary", 204),
    Case("GET", "/v2/users/{user}/webinars"),
    Case("POST", "/v2/users/{user}/webinars", 201, WEBINAR),
    Case("GET", "/v2/webinars/{webinar}"),
    Case("PATCH", "/v2/webinars/{webinar}", 204, {"topic": "Renamed", "settings": {"panelists_video": False}}),
    Case("DELETE", "/v2/webinars/{webinar}", 204),
    Case("GET", "/v2/past_webinars/{held_webinar}/participants"),
    Case("GET", "/v2/past_webinars/{held_webinar}/instances"),
    Case("GET", "/v2/report/users", params=SPAN),
    Case("GET", "/v2/report/users", params={**SPAN, "type": "inactive"}),
    Case("GET", "/v2/report/users/me/meetings", params=SPAN),
    Case("GET", "/v2/report/meetings/{past}"),
    Case("GET", "/v2/report/meetings/{past}/participants"),
    Case("GET", "/v2/report/webinars/{held_webinar}"),
    Case("GET", "/v2/report/webinars/{held_webinar}/participants"),
    Case("GET", "/v2/metrics/meetings", params=SPAN),
    Case("GET", "/v2/metrics/meetings/{past}"),
    Case("GET", "/v2/metrics/meetings/{past}/participants"),
    Case("GET", "/v2/metrics/meetings/{past}/participants/qos_summary"),
    Case("GET", "/v2/metrics/webinars", params=SPAN),
    Case("GET", "/v2/metrics/webinars/{held_webinar}"),
    Case("GET", "/v2/metrics/webinars/{held_webinar}/participants"),
    Case("GET", "/v2/metrics/webinars/{held_webinar}/participants/qos_summary"),
    Case("GET", "/v2/calendars/primary/events"),
    Case("POST", "/v2/calendars/primary/events", 200, EVENT),
    Case("GET", "/v2/calendars/primary/events/{event}"),
    Case("PATCH", "/v2/calendars/primary/events/{event}", 200, {"summary": "Moved", "location": "Room 2"}),
    Case("DELETE", "/v2/calendars/primary/events/{event}", 204),
    Case("GET", "/v2/emails/mailboxes/me/messages", params={"labelIds": "SENT"}),
    Case("POST", "/v2/emails/mailboxes/me/messages/send", 200, {"raw": RAW}),
    Case("GET", "/v2/emails/mailboxes/me/messages/{message}"),
    Case("DELETE", "/v2/emails/mailboxes/me/messages/{message}", 204),
]  # fmt: skip

ERROR_CASES = [
    Case("GET", "/v2/users/nobody@example.com", 404),
    Case("GET", "/v2/users", 400, params={"status": "nope"}),
    Case("POST", "/v2/users", 400, {"action": "bogus", "user_info": {"email": "x"}}),
    Case("POST", "/v2/users", 409, {"action": "create", "user_info": {"email": "{email}"}}),
    Case("PATCH", "/v2/users/{user}", 400, {"type": 7}),
    Case("PUT", "/v2/users/{user}/status", 400, {"action": "explode"}),
    Case("DELETE", "/v2/users/nobody", 404),
    Case("GET", "/v2/users/nobody/meetings", 404),
    Case("POST", "/v2/users/me/meetings", 400, {"type": 99, "duration": "long"}),
    Case("POST", "/v2/users/me/meetings", 400, content=b"{not json", label="bad json"),
    Case("GET", "/v2/meetings/12345678901", 404),
    Case("PATCH", "/v2/meetings/{meeting}", 400, {"start_time": "tomorrow-ish"}),
    Case("DELETE", "/v2/meetings/12345678901", 404),
    Case("GET", "/v2/no_such_thing", 404),
    Case("GET", "/v2/past_meetings/12345678901", 404),
    Case("GET", "/v2/past_meetings/{meeting}/participants", 404, label="never held"),
    Case("GET", "/v2/meetings/{meeting}/recordings", 404, label="no recording"),
    Case("DELETE", "/v2/meetings/{past}/recordings/nope", 404),
    Case("GET", "/v2/meetings/{meeting}/meeting_summary", 404, label="no summary"),
    Case("GET", "/v2/webinars/12345678901", 404),
    Case("POST", "/v2/users/me/webinars", 400, {"type": 2}, label="meeting type"),
    Case("PATCH", "/v2/webinars/{webinar}", 400, {"duration": "long"}),
    Case("DELETE", "/v2/webinars/{webinar}", 400, params={"occurrence_id": "1"}, label="no occurrence"),
    Case("GET", "/v2/past_webinars/{webinar}/participants", 404, label="never held"),
    Case("GET", "/v2/report/users", 400, params={"from": "2020-01-01"}, label="no to"),
    Case("GET", "/v2/report/users", 400, params={**SPAN, "type": "busy"}),
    Case("GET", "/v2/report/users/nobody/meetings", 404, params=SPAN),
    Case("GET", "/v2/report/meetings/12345678901", 404),
    Case("GET", "/v2/report/webinars/{webinar}/participants", 404, label="never held"),
    Case("GET", "/v2/metrics/meetings", 400, params={**SPAN, "type": "future"}),
    Case("GET", "/v2/metrics/meetings", 400, params={"from": "2020-02-01", "to": "2020-01-01"}, label="backwards"),
    Case("GET", "/v2/metrics/meetings/{meeting}", 404, label="never held"),
    Case("GET", "/v2/metrics/meetings/{meeting}/participants", 404, label="never held"),
    Case("GET", "/v2/metrics/webinars/{webinar}/participants/qos_summary", 404, label="never held"),
    Case("POST", "/v2/calendars/primary/events", 400, {"summary": "No times"}),
    Case("PATCH", "/v2/calendars/primary/events/{event}", 400, {"end": {"dateTime": "2001-01-01T00:00:00Z"}}),
    Case("GET", "/v2/calendars/primary/events/nope", 404),
    Case("GET", "/v2/calendars/nobody@example.com/events", 404),
    Case("POST", "/v2/emails/mailboxes/me/messages/send", 400, {"raw": "bm8gaGVhZGVycw"}, label="no recipient"),
    Case("GET", "/v2/emails/mailboxes/me/messages/nope", 404),
    # types Zoom's request schemas refuse, which would corrupt later answers
    Case("POST", "/v2/users/me/meetings", 400, {"settings": {"approval_type": "x"}}, label="setting"),
    Case("POST", "/v2/users/me/meetings", 400, {"type": 8, "recurrence": {"type": "weekly"}}, label="recurrence"),
    Case("PATCH", "/v2/meetings/{meeting}", 400, {"tracking_fields": "str"}, label="tracking"),
    Case("PATCH", "/v2/users/{user}", 400, {"pmi": "abc"}, label="pmi"),
    Case("PATCH", "/v2/users/{user}/settings", 400, {"in_meeting": "x"}),
    Case("POST", "/v2/users", 400, {"action": "create", "user_info": {"email": "a@b.co", "first_name": 5}}, label="name"),
]  # fmt: skip


@dataclass(frozen=True)
class World:
    """What the cases act on, made fresh for each test."""

    user: str
    email: str
    victim: str
    meeting: int
    recurring: int
    registered: int
    doomed: int
    past: int  # a meeting held once, with its recording and summary
    past_uuid: str  # that instance's UUID, URL-encoded
    file_id: str  # one of its recording files
    webinar: int
    held_webinar: int  # a webinar held once
    event: str  # a calendar event of the owner's
    message: str  # a message in the owner's mailbox

    def fill(self, value: Any) -> Any:
        names = {k: str(v) for k, v in asdict(self).items()}
        if isinstance(value, str):
            return value.format(**names)
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value


async def _post(client: httpx.AsyncClient, auth: dict[str, str], path: str, body: Any) -> Any:
    response = await client.post(path, headers=auth, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def _post_ok(client: httpx.AsyncClient, auth: dict[str, str], path: str, body: Any) -> Any:
    response = await client.post(path, headers=auth, json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def _user(client: httpx.AsyncClient, auth: dict[str, str], email: str) -> str:
    info = {"email": email, "type": 1, "first_name": "Grace", "last_name": "Hopper"}
    body = await _post(client, auth, "/v2/users", {"action": "custCreate", "user_info": info})
    return str(body["id"])


@pytest.fixture
async def world(client: httpx.AsyncClient, auth: dict[str, str]) -> World:
    user = await _user(client, auth, "grace@example.com")
    meetings = [
        (await _post(client, auth, f"/v2/users/{user}/meetings", body))["id"]
        for body in (MEETING, RECURRING, REGISTERED, MEETING)
    ]
    victim = await _user(client, auth, "gone@example.com")
    past, report = await happened(client, auth, participants=3, seed=7, participant_audio=True)
    uuid = encoded(report["uuid"])
    file_id = report["recording"]["recording_files"][0]["id"]
    webinar = (await _post(client, auth, f"/v2/users/{user}/webinars", WEBINAR))["id"]
    held, _ = await held_webinar(client, auth, participants=4, seed=7)
    event = await client.post("/v2/calendars/primary/events", headers=auth, json=EVENT)
    sent = await _post_ok(client, auth, "/v2/emails/mailboxes/me/messages/send", {"raw": RAW})
    return World(
        user, "grace@example.com", victim, *meetings, past["id"], uuid, file_id, webinar,
        held["id"], event.json()["id"], sent["id"],
    )  # fmt: skip


async def call(
    client: httpx.AsyncClient, auth: dict[str, str], world: World, case: Case
) -> httpx.Response:
    return await client.request(
        case.method,
        world.fill(case.path),
        headers=auth,
        params=world.fill(case.params),
        json=world.fill(case.json),
        content=case.content,
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
async def test_answer_has_zoom_shape(
    client: httpx.AsyncClient, auth: dict[str, str], world: World, case: Case
) -> None:
    response = await call(client, auth, world, case)
    assert response.status_code == case.status, response.text
    op = operation(case.method, case.path)
    assert case.status in op.statuses
    schema = op.response_schema(case.status)
    if schema is None:
        assert response.content == b""
        return
    body = response.json()
    errors = type_errors(schema, body)
    assert [e for e in errors if not any(known in e for known in BEYOND_SPEC)] == []
    missing = set(missing_fields(schema, body))
    assert missing.isdisjoint(case.present)
    assert sorted(missing - CONDITIONAL.get(op.operation_id, set())) == []


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda case: case.id)
async def test_errors_have_zoom_body(
    client: httpx.AsyncClient, auth: dict[str, str], world: World, case: Case
) -> None:
    response = await call(client, auth, world, case)
    assert response.status_code == case.status, response.text
    assert type_errors(ERROR_SCHEMA, response.json()) == []
    assert response.headers["content-type"].startswith("application/json")
    op = operation(case.method, case.path) if case.path != "/v2/no_such_thing" else None
    if op is not None:
        assert case.status in op.statuses, f"{op.operation_id} documents {op.statuses}"


def test_every_implemented_zoom_operation_has_a_case() -> None:
    """A route implementing one of Zoom's operations needs a line in CASES (or in
    test_contract_breadth's). The others are answered by the spec-driven route, whose
    answers tests/emulator/generic/test_conformance.py checks operation by operation."""
    cases = [*CASES, *BREADTH_CASES]
    covered = {operation(case.method, case.path).operation_id for case in cases}
    implemented = {
        op.operation_id
        for route in create_app().routes
        if isinstance(route, Route) and route.path.startswith("/v2/")
        for method in route.methods or ()
        if (op := spec.find_operation(method, route.path)) is not None
    }
    assert implemented - covered == set(), "add these operations to CASES"
    core = {"users", "userCreate", "user", "userUpdate", "userDelete", "userStatus"}
    core |= {"userSettings", "userSettingsUpdate", "meetings", "meetingCreate", "meeting"}
    core |= {"meetingUpdate", "meetingDelete"}
    assert core <= covered
