"""What each ended meeting or webinar instance leaves for the dashboard and reports.

Stored kinds (one document per ended instance, written with its participants):
  meeting_activity / webinar_activity
      id = instance UUID, parent = "", tag = host user id, sort = start_time:
      the account's instances in time order (per host through the tag), which the
      per-meeting kinds (listed under their meeting) cannot give.
      body = {"uuid", "id", "host_id", "start_time", "end_time", "minutes",
              "participants", "dashboard": {...}, "report": {...}}

`dashboard` and `report` are computed once, when the instance ends, from the
participants and their stored QoS (`quality`); they are the list items of
/metrics/meetings and /report/users/{userId}/meetings. Participant counts are
distinct people, as past_meetings' `participants_count` counts them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from .. import quality
from ..spec import find_operation
from ..store import Doc
from ..times import parse_datetime

MEETING_ACTIVITY = "meeting_activity"
WEBINAR_ACTIVITY = "webinar_activity"


def hms(seconds: int) -> str:
    """A length as the dashboard writes it: HH:MM:SS."""
    hours, rest = divmod(max(seconds, 0), 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def seconds_between(start: str, end: str) -> int:
    return int((parse_datetime(end) - parse_datetime(start)).total_seconds())


def _quality(stored: Sequence[Mapping[str, Any]], names: Sequence[str]) -> str:
    score = quality.mean(quality.kind_score(q["qos"], names) for q in stored)
    return quality.label(score) if score is not None else ""


def _flags(stored: Sequence[Mapping[str, Any]], recorded: bool) -> dict[str, bool]:
    shared = any("as_input" in q["qos"] for q in stored)
    return {
        "has_3rd_party_audio": False, "has_archiving": False, "has_pstn": False,
        "has_recording": recorded, "has_screen_share": shared, "has_sip": False,
        "has_video": any("video_input" in q["qos"] for q in stored), "has_voip": True,
        "has_manual_captions": False, "has_automated_captions": recorded,
        "has_poll": False, "has_qa": False, "has_survey": False,
    }  # fmt: skip


def dashboard(
    meeting: Mapping[str, Any],
    host: Mapping[str, Any],
    past: Mapping[str, Any],
    stored: Sequence[Mapping[str, Any]],
    *,
    recorded: bool,
) -> dict[str, Any]:
    """The dashboard's view of an instance (a superset of the list and detail items)."""
    costs = [float(q["profile"]["total_jointime_cost"]) for q in stored]
    return {
        "host": str(host.get("display_name") or ""),
        "custom_keys": [],
        "dept": str(host.get("dept") or ""),
        "duration": hms(seconds_between(past["start_time"], past["end_time"])),
        "email": str(host.get("email") or ""),
        "end_time": past["end_time"],
        **_flags(stored, recorded),
        "id": int(past["id"]),
        "participants": int(past["participants_count"]),
        "in_room_participants": 0,
        "session_key": "",
        "start_time": past["start_time"],
        "topic": past["topic"],
        "tracking_fields": [
            {"field": str(t.get("field", "")), "value": str(t.get("value", ""))}
            for t in meeting.get("tracking_fields") or []
        ],
        "user_type": "Licensed" if int(host.get("type") or 1) >= 2 else "Basic",
        "uuid": past["uuid"],
        "audio_quality": _quality(stored, quality.AUDIO) or "good",
        "video_quality": _quality(stored, quality.VIDEO) or "good",
        "screen_share_quality": _quality(stored, quality.SHARE) or "good",
        "avg_jointime_cost": round(sum(costs) / len(costs), 2) if costs else 0.0,
    }


def report(
    meeting: Mapping[str, Any],
    past: Mapping[str, Any],
    participants: Sequence[Mapping[str, Any]],
    *,
    chat: bool,
    recorded: bool,
) -> dict[str, Any]:
    """The instance as an item of /report/users/{userId}/meetings."""
    host_id = str(meeting["host_id"])
    host_sessions = [p for p in participants if p.get("id") == host_id] or list(participants[:1])
    internal = {p["id"] for p in participants if p.get("internal_user")}
    return {
        "uuid": past["uuid"], "id": int(past["id"]), "topic": past["topic"],
        "type": int(past["type"]), "start_time": past["start_time"], "end_time": past["end_time"],
        "duration": int(past["duration"]), "total_minutes": int(past["total_minutes"]),
        "participants_count": int(past["participants_count"]), "source": past["source"],
        "user_email": past["user_email"], "user_name": past["user_name"],
        "custom_keys": [], "session_key": "",
        "schedule_time": str(meeting.get("start_time") or past["start_time"]),
        "join_waiting_room_time": "",
        "join_time": min((p["join_time"] for p in host_sessions), default=past["start_time"]),
        "leave_time": max((p["leave_time"] for p in host_sessions), default=past["end_time"]),
        "host_organization": "", "host_name": past["user_name"],
        "has_screen_share": True, "has_recording": recorded, "has_chat": chat,
        "meeting_encryption_status": 1, "participants_count_my_account": len(internal),
    }  # fmt: skip


def activity_body(
    past: Mapping[str, Any], host_id: str, dashboard: dict[str, Any], report: dict[str, Any]
) -> dict[str, Any]:
    return {
        "uuid": past["uuid"],
        "id": int(past["id"]),
        "host_id": host_id,
        "start_time": past["start_time"],
        "end_time": past["end_time"],
        "minutes": int(past["duration"]),
        "participants": int(past["participants_count"]),
        "dashboard": dashboard,
        "report": report,
    }


def activity_doc(account_id: str, kind: str, body: dict[str, Any]) -> Doc:
    return Doc(
        kind=kind,
        id=str(body["uuid"]),
        account_id=account_id,
        tag=str(body["host_id"]),
        sort=str(body["start_time"]),
        body=body,
    )


def documented(method: str, path: str, value: Mapping[str, Any], list_key: str = "") -> dict[str, Any]:  # fmt: skip
    """`value` cut down to the fields Zoom documents for an operation's answer (or for
    the items of its `list_key` list)."""
    names = _field_names(method, path, list_key)
    return {k: v for k, v in value.items() if k in names}


@functools.cache
def _field_names(method: str, path: str, list_key: str) -> frozenset[str]:
    op = find_operation(method, path)
    props = _properties((op.response_schema(200) if op else None) or {})
    if list_key:
        props = _properties(props.get(list_key, {}).get("items", {}))
    return frozenset(props)


def _properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for part in schema.get("allOf", ()):
        found.update(_properties(part))
    found.update(schema.get("properties", {}))
    return found
