"""The JSON shapes of webinars: every documented setting with Zoom's defaults, list briefs."""

from __future__ import annotations

import functools
from typing import Any

import orjson

from ..errors import NotFound
from ..spec import find_operation, skeleton
from ..store import Doc
from ..validation import merge_patch

KIND = "webinar"
PAST = "past_webinar"
BRIEF_FIELDS = (
    "uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone",
    "agenda", "created_at", "join_url", "is_simulive", "is_events_webinar",
)  # fmt: skip
EVENT_FIELDS = ("uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone")


class WebinarNotFound(NotFound):
    code = 3001

    def __init__(self, webinar_id: str) -> None:
        super().__init__(f"Webinar does not exist: {webinar_id}.")


def default_settings() -> dict[str, Any]:
    """Every webinar setting Zoom documents, with Zoom's defaults (a fresh copy)."""
    settings: dict[str, Any] = orjson.loads(_default_settings_json())
    return settings


@functools.cache
def _default_settings_json() -> bytes:
    op = find_operation("GET", "/webinars/{webinarId}")
    schema = op.response_schema(200) if op else None
    documented = skeleton(schema).get("settings", {}) if schema else {}
    return orjson.dumps(merge_patch(documented, _zoom_defaults()))


def _zoom_defaults() -> dict[str, Any]:
    """Where Zoom's defaults for a new webinar differ from the spec's empty values."""
    reminder = {"enable": True, "type": 0}
    follow_up = {"enable": False, "type": 0}
    return {
        "allow_multiple_devices": True,
        "attendees_and_panelists_reminder_email_notification": reminder,
        "follow_up_absentees_email_notification": follow_up,
        "follow_up_attendees_email_notification": follow_up,
        "email_language": "en-US",
        "global_dial_in_countries": ["US"],
        "global_dial_in_numbers": [
            {"city": "New York", "country": "US", "country_name": "US", "number": "+1 6469313860", "type": "toll"}
        ],
        "panelists_invitation_email_notification": True,
        "panelists_video": True,
        "host_video": True,
        "question_and_answer": {
            "enable": True, "allow_submit_questions": True, "allow_anonymous_questions": True,
            "answer_questions": "all", "attendees_can_comment": True, "attendees_can_upvote": True,
            "allow_auto_reply": False, "auto_reply_text": "",
        },
        "registrants_confirmation_email": True,
        "registrants_email_notification": True,
        "show_share_button": True,
        "language_interpretation": {"enable": False, "interpreters": []},
        "sign_language_interpretation": {"enable": False, "interpreters": []},
    }  # fmt: skip


def brief(body: dict[str, Any]) -> dict[str, Any]:
    return {k: body[k] for k in BRIEF_FIELDS if k in body}


def with_registration(body: dict[str, Any], url: str) -> dict[str, Any]:
    """A registration link only while registration is on (approval_type 0 or 1)."""
    approval = (body.get("settings") or {}).get("approval_type", 2)
    if approval in (0, 1):
        return {"registration_url": body.get("registration_url") or url, **body}
    return {k: v for k, v in body.items() if k != "registration_url"}


def webinar_doc(account_id: str, body: dict[str, Any], aliases: tuple[str, ...] = ()) -> Doc:
    """The stored webinar; `aliases` keeps its past instances' UUIDs resolving to it."""
    return Doc(
        kind=KIND,
        id=str(body["id"]),
        account_id=account_id,
        parent=str(body["host_id"]),
        tag=str(body.get("status") or "waiting"),
        sort=str(body.get("start_time") or body["created_at"]),
        body=body,
        brief=brief(body),
        aliases=tuple(dict.fromkeys((str(body["uuid"]), *aliases))),
    )
