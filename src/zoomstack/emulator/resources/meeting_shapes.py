"""The JSON shapes of meetings: defaults for every documented field, list briefs."""

from __future__ import annotations

import functools
from typing import Any

import orjson

from ..spec import find_operation, skeleton
from ..validation import merge_patch

BRIEF_FIELDS = (
    "uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone",
    "agenda", "created_at", "join_url", "pmi",
)  # fmt: skip


def tracking_fields(value: Any) -> list[dict[str, Any]]:
    """Tracking fields as stored: objects whose `field` and `value` are strings.

    Clients send `null` for an empty value; stored as is, it would break the string
    every answer documents there.
    """
    if not isinstance(value, list):
        return []
    return [
        {**item, "field": item.get("field") or "", "value": item.get("value") or ""}
        for item in value
        if isinstance(item, dict)
    ]


def default_settings() -> dict[str, Any]:
    """Every meeting setting Zoom documents, with Zoom's defaults (a fresh copy).

    Strict client models want all of them present with their types, old ones too.
    """
    settings: dict[str, Any] = orjson.loads(_default_settings_json())
    return settings


@functools.cache
def _default_settings_json() -> bytes:
    op = find_operation("GET", "/meetings/{meetingId}")
    schema = op.response_schema(200) if op else None
    documented = skeleton(schema).get("settings", {}) if schema else {}
    return orjson.dumps(merge_patch(documented, _zoom_defaults()))


def _zoom_defaults() -> dict[str, Any]:
    """Where Zoom's defaults for a new meeting differ from the spec's empty values."""
    return {
        "host_video": False,
        "participant_video": False,
        "cn_meeting": False,
        "in_meeting": False,
        "join_before_host": False,
        "jbh_time": 0,
        "mute_upon_entry": False,
        "watermark": False,
        "use_pmi": False,
        "approval_type": 2,
        "registration_type": 1,
        "audio": "voip",
        "auto_recording": "none",
        "enforce_login": False,
        "enforce_login_domains": "",
        "alternative_hosts": "",
        "alternative_hosts_email_notification": True,
        "alternative_host_update_polls": False,
        "close_registration": False,
        "show_share_button": False,
        "allow_multiple_devices": False,
        "registrants_confirmation_email": True,
        "waiting_room": False,
        "request_permission_to_unmute_participants": False,
        "global_dial_in_countries": ["US"],
        "global_dial_in_numbers": [
            {"country_name": "US", "country": "US", "number": "+1 6469313860", "type": "toll", "city": "New York"}
        ],
        "contact_name": "",
        "contact_email": "",
        "registrants_email_notification": True,
        "meeting_authentication": False,
        "encryption_type": "enhanced_encryption",
        "approved_or_denied_countries_or_regions": {"enable": False},
        "breakout_room": {"enable": False},
        "internal_meeting": False,
        "continuous_meeting_chat": {"enable": False, "auto_add_invited_external_users": False},
        "participant_focused_meeting": False,
        "push_change_to_calendar": False,
        "resources": [],
        "alternative_host_manage_meeting_summary": False,
        "alternative_host_manage_cloud_recording": False,
        "auto_start_meeting_summary": False,
        "who_will_receive_summary": 1,
        "auto_start_ai_companion_questions": False,
        "who_can_ask_questions": 1,
        "device_testing": False,
        "allow_host_control_participant_mute_state": False,
        "disable_participant_video": False,
        "email_in_attendee_report": False,
        "focus_mode": False,
        "private_meeting": False,
        "show_join_info": False,
        "host_save_video_order": False,
        "sign_language_interpretation": {"enable": False},
        "language_interpretation": {"enable": False},
        "email_notification": True,
        "calendar_type": 1,
        "authentication_option": "",
        "authentication_domains": "",
        "authentication_name": "",
    }  # fmt: skip


def brief(body: dict[str, Any]) -> dict[str, Any]:
    return {k: body[k] for k in BRIEF_FIELDS if k in body}


def with_registration(body: dict[str, Any], url: str) -> dict[str, Any]:
    """Zoom gives a registration link only while registration is on (approval_type
    0 or 1) for a scheduled or recurring meeting; an existing link is kept."""
    approval = (body.get("settings") or {}).get("approval_type", 2)
    if approval in (0, 1) and body.get("type") in (2, 3, 8):
        return {"registration_url": url, **body}
    return {k: v for k, v in body.items() if k != "registration_url"}
