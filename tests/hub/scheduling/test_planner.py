"""Proposals from busy time: the asked-for time with its conflicts, free slots ranked."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.hub.scheduling.conftest import NEW_YORK, NOW, local
from zoomstack.hub.scheduling import parse_when
from zoomstack.hub.scheduling.availability import Availability, Busy
from zoomstack.hub.scheduling.planner import AUTO_BOOK, Plan, propose, question


def busy(who: str, start: str, end: str, title: str | None = None) -> Busy:
    return Busy(who, local(start), local(end), "event" if title else "busy", title=title)


def plan_for(text: str, minutes: int = 30, rrule: str | None = None) -> Plan:
    when = parse_when(text, NOW, NEW_YORK)
    return Plan("Sync", minutes, NEW_YORK, [], rrule=rrule, when=when)


FREE = Availability("me@acme.com")
BUSY = Availability(
    "me@acme.com",
    [
        busy("me@acme.com", "2025-03-06 14:00", "2025-03-06 15:00", "Review"),
        busy("ann@acme.com", "2025-03-06 09:00", "2025-03-06 11:00"),
    ],
)


def test_an_asked_time_that_is_free_is_sure_enough_to_book() -> None:
    plan = plan_for("tomorrow at 2pm")
    propose(plan, FREE, NOW, local("2025-03-06 14:00"), 0.95)
    (only,) = plan.proposals
    assert only.asked and only.confidence >= AUTO_BOOK and only.conflicts == ()
    assert plan.question is None


def test_an_asked_time_that_clashes_lists_the_clash_and_free_alternatives() -> None:
    plan = plan_for("tomorrow at 2:30pm")
    propose(plan, BUSY, NOW, local("2025-03-06 14:30"), 0.95)
    asked, *others = plan.proposals
    assert [b.title for b in asked.conflicts] == ["Review"]
    assert others and all(p.confidence < AUTO_BOOK for p in others)
    for p in others:
        assert not BUSY.conflicts(p.start, p.end)


def test_a_window_gives_ranked_free_slots_below_the_booking_bar() -> None:
    plan = plan_for("tomorrow morning")
    propose(plan, BUSY, NOW, None, 0.0)
    starts = [p.start for p in plan.proposals]
    assert starts and all(
        local("2025-03-06 11:00") <= s < local("2025-03-06 12:00") for s in starts
    )
    confidences = [p.confidence for p in plan.proposals]
    assert confidences == sorted(confidences, reverse=True) and max(confidences) < AUTO_BOOK
    assert plan.question is None


def test_a_full_window_asks_for_another_day() -> None:
    full = Availability(
        "me@acme.com", [busy("me@acme.com", "2025-03-06 08:00", "2025-03-06 12:00")]
    )
    plan = plan_for("tomorrow morning")
    propose(plan, full, NOW, None, 0.0)
    assert plan.proposals == [] and plan.question is not None and "other day" in plan.question


def test_every_checked_occurrence_of_a_new_series_is_tested_for_clashes() -> None:
    later = Availability(
        "me@acme.com", [busy("me@acme.com", "2025-03-17 10:00", "2025-03-17 11:00", "Offsite")]
    )
    plan = plan_for("every monday at 10am", rrule="FREQ=WEEKLY;BYDAY=MO")
    propose(plan, later, NOW, local("2025-03-10 10:00"), 0.9)
    assert [b.title for b in plan.proposals[0].conflicts] == ["Offsite"]


def test_no_time_at_all_proposes_the_next_days_and_asks() -> None:
    plan = Plan("Sync", 30, NEW_YORK, [])
    propose(plan, FREE, NOW, None, 0.0)
    assert plan.proposals and all(NOW <= p.start <= NOW + timedelta(days=5) for p in plan.proposals)
    assert plan.question == "When should it be? These times are free for everyone."


def test_questions() -> None:
    assert question(None, False) == "When should it be?"
    vague = parse_when("call friday or monday at 3pm", NOW, NEW_YORK)
    asked = question(vague, True)
    assert asked is not None and "conflicting days" in asked


def test_times_are_aware() -> None:
    plan = plan_for("tomorrow at 2pm")
    propose(plan, FREE, NOW, local("2025-03-06 14:00"), 0.95)
    assert (
        isinstance(plan.proposals[0].start, datetime) and plan.proposals[0].start.tzinfo is not None
    )
