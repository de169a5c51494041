"""Meeting kinds from topic and attendees, and the Zoom settings each wants."""

from __future__ import annotations

import pytest

from zoomstack.hub.scheduling.kinds import meeting_kind, meeting_settings
from zoomstack.hub.scheduling.model import Attendee

ME = "me@acme.com"


def people(*emails: str) -> list[Attendee]:
    return [Attendee(email=e) for e in emails]


@pytest.mark.parametrize(
    ("topic", "attendees", "kind"),
    [
        ("Team standup", people("a@acme.com", "b@acme.com"), "standup"),
        ("Team standup", people("a@acme.com", "b@other.org"), "external"),
        ("Quarterly plan", people("a@acme.com", "b@acme.com"), "internal"),
        ("Catch up", people("a@acme.com"), "one_on_one"),
        ("Interview: backend candidate", people("x@gmail.com"), "interview"),
        ("All-hands", people("a@acme.com"), "large"),
        ("Planning", people(*(f"p{i}@acme.com" for i in range(12))), "large"),
        ("Customer demo", people("a@acme.com"), "external"),
        ("Sync", [Attendee(name="John")], "standup"),
    ],
)
def test_kinds(topic: str, attendees: list[Attendee], kind: str) -> None:
    assert meeting_kind(topic, ME, attendees) == kind


def test_external_attendees_get_a_waiting_room_and_invitations() -> None:
    attendees = [*people("b@other.org"), Attendee(name="John")]
    settings = meeting_settings("external", attendees)
    assert settings["waiting_room"] is True and settings["join_before_host"] is False
    assert settings["meeting_invitees"] == [{"email": "b@other.org"}]


def test_the_callers_settings_win() -> None:
    settings = meeting_settings("large", [], {"mute_upon_entry": False, "auto_recording": "cloud"})
    assert settings["mute_upon_entry"] is False and settings["auto_recording"] == "cloud"
    assert settings["participant_video"] is False and "meeting_invitees" not in settings
