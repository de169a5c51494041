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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .. import quality
from ..errors import BadRequest, MeetingNotFound, NotFound
from ..store import Doc, Query, Store, loads
from ..times import parse_bound, parse_datetime
from . import past_meetings
from .webinar_shapes import PAST as PAST_WEBINAR
from .webinar_shapes import WebinarNotFound

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


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Family:
    """Where a meeting's or a webinar's ended instances are kept, and its not-found error."""

    past: str
    activity: str
    missing: Callable[[str], NotFound]
    kind: str  # the scheduled resource's: "meeting" or "webinar", as answers name it too


MEETINGS = Family(past_meetings.KIND, MEETING_ACTIVITY, MeetingNotFound, "meeting")
WEBINARS = Family(PAST_WEBINAR, WEBINAR_ACTIVITY, WebinarNotFound, "webinar")


async def scan(store: Store, query: Query) -> list[dict[str, Any]]:
    """Every document a query selects (all pages), parsed."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = await store.list_page(replace(query, after=cursor, limit=_SCAN_PAGE))
        found += [loads(item) for item in page.items]
        if page.cursor is None:
            return found
        cursor = page.cursor


_SCAN_PAGE = 1000


@dataclass(frozen=True, slots=True)
class Window:
    """A report's required `from`/`to`: the dates to echo and the sort bounds to apply."""

    start: str  # yyyy-mm-dd
    end: str
    lower: str  # inclusive, ISO
    upper: str  # exclusive, ISO


def window(params: Mapping[str, str]) -> Window:
    """`from` and `to`, both required (dates or datetimes, as Zoom takes them)."""
    for name in ("from", "to"):
        if not params.get(name):
            raise BadRequest(f"The {name} parameter is required.")
    lower = parse_bound(params["from"], "from")
    upper = parse_bound(params["to"], "to", end=True)
    assert lower is not None and upper is not None
    if upper <= lower:
        raise BadRequest("Invalid parameter: to must be later than from.")
    return Window(params["from"][:10], params["to"][:10], lower, upper)


async def instance(store: Store, account_id: str, key: str, family: Family) -> Doc:
    """The ended instance a `{meetingId}`/`{webinarId}` names (a UUID or the latest)."""
    return await past_meetings.find_instance(store, account_id, key, family.past, family.missing)


async def activity_of(store: Store, past: Doc, family: Family) -> dict[str, Any]:
    """The activity record of an ended instance."""
    doc = await store.get(family.activity, past.id)
    if doc is None:  # an instance stored before activity records existed
        raise family.missing(past.id)
    return doc.body
