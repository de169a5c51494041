"""Choosing one day and one time from what the grammars found, and saying why when the phrase
does not allow one (conflicting days or times, several readings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from .clock import ClockHit
from .days import DayRef
from .parts import PartOfDay
from .reading import Reading


@dataclass(frozen=True)
class DayChoice:
    """The day the phrase names; `alternatives` are its other readings; `roll` is how far to
    move on when the time has already passed (a bare weekday, or no day at all)."""

    day: date | None
    alternatives: tuple[date, ...] = ()
    roll: timedelta | None = None
    whole_week: bool = False
    reason: str | None = None


@dataclass(frozen=True)
class TimeChoice:
    """The time of day (or range) the phrase names."""

    begins: time | None = None
    ends: time | None = None
    end_day: date | None = None
    assumed: bool = False
    options: tuple[ClockHit, ...] = ()
    reason: str | None = None


@dataclass
class Problems:
    """Why a phrase cannot be read one way; the first reason is the one reported."""

    reasons: list[str] = field(default_factory=list)

    def add(self, reason: str) -> None:
        self.reasons.append(reason)


def _clock_day(hit: ClockHit, today: date) -> date | None:
    if hit.day is None:
        return None
    said_year = any(
        len(w) == 4 and w.isdigit() for w in hit.words.replace("-", " ").replace("/", " ").split()
    )
    if hit.day < today and not said_year:
        return hit.day.replace(year=hit.day.year + 1)  # "Jan 2" said in March is next January
    return hit.day


def _agrees(ref: DayRef, day: date) -> bool:
    """A weekday reference agrees with a date on the same weekday ("Friday, March 14")."""
    return ref.day == day or (ref.day.weekday() == day.weekday() and not ref.whole_week)


def choose_day(reading: Reading, today: date, problems: Problems) -> DayChoice:
    dated = [d for h in reading.clock.hits if (d := _clock_day(h, today)) is not None]
    refs = reading.days
    if reading.offset is not None and not reading.offset.exact:
        dated.append(today + reading.offset.delta)
    if len(set(dated)) > 1:
        problems.add(
            "conflicting dates: " + " and ".join(f"{d:%a %b %-d}" for d in sorted(set(dated)))
        )
    if len({r.day for r in refs}) > 1:
        problems.add("conflicting days: " + " and ".join(r.words.strip() for r in refs))
    if dated and refs and not _agrees(refs[0], dated[0]):
        problems.add(f'conflicting days: "{refs[0].words.strip()}" is not {dated[0]:%A %b %-d}')
    if dated:
        return DayChoice(dated[0])
    if refs:
        ref = refs[0]
        roll = timedelta(days=7) if ref.rolls else None
        return DayChoice(ref.day, ref.alternatives, roll, ref.whole_week, ref.reason)
    return DayChoice(None, roll=timedelta(days=1))


def _distinct_times(hits: list[ClockHit]) -> list[ClockHit]:
    seen: dict[tuple[time | None, time | None], ClockHit] = {}
    for hit in hits:
        seen.setdefault((hit.begins, hit.ends), hit)
    return list(seen.values())


def choose_time(reading: Reading, problems: Problems) -> TimeChoice:
    timed = _distinct_times([h for h in reading.clock.hits if h.begins is not None])
    if len(timed) > 1:
        problems.add("conflicting times: " + " and ".join(h.words.strip() for h in timed))
    if reading.offset is not None and reading.offset.exact and (timed or reading.days):
        problems.add("conflicting times: an offset from now and a day or time")
    if reading.clock.options:
        words = " or ".join(o.words.strip() for o in reading.clock.options[:1])
        return TimeChoice(options=reading.clock.options, reason=f"several times offered: {words}")
    if not timed:
        return TimeChoice()
    hit = timed[0]
    return TimeChoice(hit.begins, hit.ends, hit.end_day, hit.meridiem_assumed)


def _within(value: time, part: PartOfDay) -> bool:
    return part.begins <= value <= part.ends


def fit_part(choice: TimeChoice, part: PartOfDay | None, problems: Problems) -> TimeChoice:
    """A part of the day settles an assumed am/pm ("this evening at 8" is 8pm) and must agree
    with a time said outright ("tomorrow morning at 3pm" does not)."""
    if part is None or choice.begins is None or _within(choice.begins, part):
        return choice
    later = choice.begins.replace(hour=(choice.begins.hour + 12) % 24)
    if choice.assumed and choice.begins.hour < 12 and _within(later, part):
        ends = choice.ends.replace(hour=(choice.ends.hour + 12) % 24) if choice.ends else None
        return TimeChoice(later, ends, choice.end_day, assumed=False)
    earlier = (
        choice.begins.replace(hour=choice.begins.hour - 12) if choice.begins.hour >= 12 else None
    )
    if choice.assumed and earlier is not None and _within(earlier, part):
        ends = (
            choice.ends.replace(hour=choice.ends.hour - 12)
            if choice.ends and choice.ends.hour >= 12
            else choice.ends
        )
        return TimeChoice(earlier, ends, choice.end_day, assumed=False)
    if part.name not in ("lunch", "dinner", "breakfast"):
        problems.add(f"conflicting times: {choice.begins:%-I:%M%p} is not in the {part.name}")
    return choice
