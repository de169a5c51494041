"""Turning a Reading into a When: exact start and end, a window, a recurrence, or the reason
the phrase cannot be read one way. Wall-clock times are built in the phrase's zone (an explicit
"PST" or the caller's), so they keep their meaning across daylight saving changes; lengths are
added in real time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .choices import DayChoice, Problems, TimeChoice, choose_day, choose_time, fit_part
from .confidence import Basis, confidence
from .lexicon import DEFAULT_DURATION_MINUTES, DEFAULT_DURATIONS, WORKING_DAY
from .model import When, Window
from .reading import Reading
from .recurrence import Recurrence, first_occurrence


@dataclass(frozen=True)
class Context:
    """Where the phrase is read: the caller's `now` and zone, and the zone its times are in."""

    now: datetime
    zone: ZoneInfo
    event_zone: ZoneInfo
    past: bool

    @property
    def today(self) -> date:
        return self.now.astimezone(self.event_zone).date()


def aware(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone`; one that daylight saving skips moves forward past the gap."""
    moment = datetime.combine(day, at, tzinfo=zone)
    return moment.astimezone(UTC).astimezone(zone)


def later(moment: datetime, delta: timedelta) -> datetime:
    """`moment` plus real elapsed time (Python adds wall-clock time within one zone)."""
    return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)


def _duration(reading: Reading) -> int:
    if reading.duration is not None:
        return reading.duration
    words = f"{reading.topic or ''} {reading.part.name if reading.part else ''}".lower().split()
    return next(
        (DEFAULT_DURATIONS[w] for w in words if w in DEFAULT_DURATIONS), DEFAULT_DURATION_MINUTES
    )


def resolve(text: str, reading: Reading, ctx: Context) -> When:
    problems = Problems()
    day = choose_day(reading, ctx.today, problems)
    clock = fit_part(choose_time(reading, problems), reading.part, problems)
    base: dict[str, Any] = {
        "text": text,
        "timezone": ctx.zone.key,
        "duration_minutes": _duration(reading),
        "duration_explicit": reading.duration is not None,
        "attendees": reading.attendees,
        "topic": reading.topic,
    }
    if problems.reasons:
        return When(**base, ambiguous=True, reason=problems.reasons[0], confidence=0.1)
    if clock.options or day.alternatives:
        return _several(base, reading, day, clock, ctx)
    return _single(base, reading, day, clock, ctx)


def _several(
    base: dict[str, Any], reading: Reading, day: DayChoice, clock: TimeChoice, ctx: Context
) -> When:
    """A phrase with several readings: each becomes a candidate, none is chosen."""
    days = [d for d in (day.day, *day.alternatives) if d is not None] or [ctx.today]
    moments: list[tuple[date, time | None]]
    if clock.options:
        moments = [(o.day or days[0], o.begins) for o in clock.options]
        reason = clock.reason
    else:
        moments = [(d, clock.begins) for d in days]
        reason = day.reason
    minutes = timedelta(minutes=base["duration_minutes"])
    candidates = [_day_window(d, at, minutes, reading, ctx) for d, at in moments]
    return When(**base, ambiguous=True, reason=reason, candidates=candidates, confidence=0.2)


def _day_window(
    day: date, at: time | None, minutes: timedelta, reading: Reading, ctx: Context
) -> Window:
    if at is not None:
        start = aware(day, at, ctx.event_zone).astimezone(ctx.zone)
        return Window(earliest=start, latest=later(start, minutes))
    begins, ends = (reading.part.begins, reading.part.ends) if reading.part else WORKING_DAY
    return Window(
        earliest=aware(day, begins, ctx.event_zone).astimezone(ctx.zone),
        latest=aware(day, ends, ctx.event_zone).astimezone(ctx.zone),
    )


def _single(
    base: dict[str, Any], reading: Reading, day: DayChoice, clock: TimeChoice, ctx: Context
) -> When:
    if reading.offset is not None and reading.offset.exact:
        start = later(ctx.now, reading.offset.delta)
        return _exact(base, reading, start, None, Basis.offset, ctx)
    if reading.recurrence is not None:
        return _recurring(base, reading, reading.recurrence, day, clock, ctx)
    if clock.begins is not None:
        return _timed(base, reading, day, clock, ctx)
    if reading.part is not None or day.day is not None:
        return _windowed(base, reading, day, ctx)
    return When(
        **base, ambiguous=True, reason="missing time: no day or time given", confidence=0.02
    )


def _timed(
    base: dict[str, Any], reading: Reading, day: DayChoice, clock: TimeChoice, ctx: Context
) -> When:
    assert clock.begins is not None
    on = day.day or ctx.today
    roll = None if reading.part is not None and reading.part.today else day.roll
    start = aware(on, clock.begins, ctx.event_zone)
    if ctx.past and day.day is None and start > ctx.now:
        on -= timedelta(days=1)
    elif not ctx.past and start <= ctx.now and roll is not None:
        on += roll
    elif not ctx.past and start <= ctx.now:
        return When(**base, ambiguous=True, reason="that time has already passed", confidence=0.1)
    start = aware(on, clock.begins, ctx.event_zone)
    end = _range_end(on, start, clock, ctx)
    basis = Basis.assumed_meridiem if clock.assumed else Basis.exact if day.day else Basis.time_only
    return _exact(base, reading, start, end, basis, ctx)


def _range_end(on: date, start: datetime, clock: TimeChoice, ctx: Context) -> datetime | None:
    if clock.ends is None:
        return None
    # The range's own end day only when it is after the start's: the start's day may
    # have moved (to next year, to tomorrow) since the range was read.
    end_day = clock.end_day if clock.end_day is not None and clock.end_day > on else on
    end = aware(end_day, clock.ends, ctx.event_zone)
    return end if end > start else end + timedelta(days=1)


def _exact(
    base: dict[str, Any],
    reading: Reading,
    start: datetime,
    end: datetime | None,
    basis: Basis,
    ctx: Context,
) -> When:
    if end is not None:
        minutes = round((end - start).total_seconds() / 60)
        if base["duration_explicit"] and minutes != base["duration_minutes"]:
            return When(
                **base,
                ambiguous=True,
                reason="conflicting lengths: a time range and a duration",
                confidence=0.1,
            )
        base = {**base, "duration_minutes": minutes, "duration_explicit": True}
    end = end or later(start, timedelta(minutes=base["duration_minutes"]))
    return When(
        **base,
        start=start.astimezone(ctx.zone),
        end=end.astimezone(ctx.zone),
        confidence=confidence(basis, reading),
    )


def _windowed(base: dict[str, Any], reading: Reading, day: DayChoice, ctx: Context) -> When:
    on = day.day or ctx.today
    roll = None if reading.part is not None and reading.part.today else day.roll
    window = _window_on(on, reading, day, ctx)
    if not ctx.past and window.latest <= ctx.now:
        if roll is None:
            return When(
                **base, ambiguous=True, reason="that time has already passed", confidence=0.1
            )
        window = _window_on(on + roll, reading, day, ctx)
    if not ctx.past and window.earliest < ctx.now:
        window = Window(earliest=ctx.now.astimezone(ctx.zone), latest=window.latest)
    basis = Basis.part_of_day if reading.part else Basis.week if day.whole_week else Basis.day_only
    return When(**base, window=window, confidence=confidence(basis, reading))


def _window_on(on: date, reading: Reading, day: DayChoice, ctx: Context) -> Window:
    begins, ends = (reading.part.begins, reading.part.ends) if reading.part else WORKING_DAY
    last = on + timedelta(days=4 - on.weekday()) if day.whole_week else on
    return Window(
        earliest=aware(on, begins, ctx.event_zone).astimezone(ctx.zone),
        latest=aware(last, ends, ctx.event_zone).astimezone(ctx.zone),
    )


def _recurring(
    base: dict[str, Any],
    reading: Reading,
    rule: Recurrence,
    day: DayChoice,
    clock: TimeChoice,
    ctx: Context,
) -> When:
    at = clock.begins or (reading.part.begins if reading.part else WORKING_DAY[0])
    local_now = ctx.now.astimezone(ctx.event_zone).replace(tzinfo=None)
    first = first_occurrence(rule, day.day or ctx.today, at, local_now)
    if first is None:
        return When(
            **base, ambiguous=True, reason="the recurrence has no occurrence", confidence=0.1
        )
    base = {**base, "rrule": _rrule_text(rule, ctx)}
    if clock.begins is None:
        window = _window_on(first.date(), reading, DayChoice(first.date()), ctx)
        return When(**base, window=window, confidence=confidence(Basis.recurring_untimed, reading))
    start = aware(first.date(), clock.begins, ctx.event_zone)
    end = _range_end(first.date(), start, clock, ctx)
    basis = Basis.assumed_meridiem if clock.assumed else Basis.recurring
    return _exact(base, reading, start, end, basis, ctx)


def _rrule_text(rule: Recurrence, ctx: Context) -> str:
    text = f"RRULE:{rule.rule}"
    if rule.until is not None:
        last = aware(rule.until, time(23, 59, 59), ctx.event_zone).astimezone(UTC)
        text += f";UNTIL={last:%Y%m%dT%H%M%SZ}"
    return text
