"""A meeting's kind, from its topic and who comes, and the Zoom settings that kind wants.

- external: someone from outside the organizer's domain is invited, or the topic names a
  customer, candidate or vendor: a waiting room, nobody in before the host;
- interview: a waiting room and no recording;
- large (all-hands, town hall, training, or more than LARGE people): muted on entry,
  video off, a waiting room;
- standup / one_on_one / internal: people may join before the host.

Every email invitee goes into Zoom's `meeting_invitees`. The caller's own settings win.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .model import Attendee

LARGE = 12
_INTERVIEW = re.compile(r"\b(?:interview|candidate|screening|hiring)\b", re.I)
_EXTERNAL = re.compile(r"\b(?:client|customer|vendor|partner|prospect|sales|demo|external)\b", re.I)
_LARGE = re.compile(
    r"\b(?:all[- ]hands|town\s*hall|webinar|training|lecture|workshop|company\s+meeting)\b", re.I
)
_STANDUP = re.compile(r"\b(?:stand[- ]?up|daily|scrum|sync|check[- ]?in)\b", re.I)
_ONE_ON_ONE = re.compile(r"\b(?:1[:-]1|1-on-1|one[- ]on[- ]one)\b", re.I)

_SETTINGS: dict[str, dict[str, Any]] = {
    "external": {"waiting_room": True, "join_before_host": False},
    "interview": {"waiting_room": True, "join_before_host": False, "auto_recording": "none"},
    "large": {
        "waiting_room": True,
        "join_before_host": False,
        "mute_upon_entry": True,
        "participant_video": False,
        "host_video": True,
    },
    "standup": {"waiting_room": False, "join_before_host": True, "jbh_time": 5},
    "one_on_one": {"waiting_room": False, "join_before_host": True, "jbh_time": 5},
    "internal": {"waiting_room": False, "join_before_host": True, "jbh_time": 5},
}


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def is_external(organizer: str, attendees: Sequence[Attendee]) -> bool:
    home = _domain(organizer)
    return any(a.email and _domain(a.email) != home for a in attendees)


def meeting_kind(topic: str, organizer: str, attendees: Sequence[Attendee]) -> str:
    if _INTERVIEW.search(topic):
        return "interview"
    if _LARGE.search(topic) or len(attendees) + 1 > LARGE:
        return "large"
    if _EXTERNAL.search(topic) or is_external(organizer, attendees):
        return "external"
    if _ONE_ON_ONE.search(topic) or (len(attendees) == 1 and not _STANDUP.search(topic)):
        return "one_on_one"
    if _STANDUP.search(topic):
        return "standup"
    return "internal"


def meeting_settings(
    kind: str, attendees: Sequence[Attendee], overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Zoom's `settings` for the kind, with the invitees, and the caller's `overrides` last."""
    settings = dict(_SETTINGS[kind])
    invitees = [{"email": a.email} for a in attendees if a.email]
    if invitees:
        settings["meeting_invitees"] = invitees
    return {**settings, **(overrides or {})}
