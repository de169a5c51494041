"""Demo data: users, their past meetings (with participants, recordings, transcripts and
summaries) and their upcoming meetings. The same seed gives the same data, ids included.

Past instances are planned with `simulate.plan_instance` and stored in batches with
`insert_many`, without events: they happened before anyone was listening.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from . import generate, phrases, spoken_media
from .accounts import account_owner
from .clock import Clock
from .generate import Person
from .ids import IdFactory
from .resources import meetings
from .resources.users import KIND as USER
from .resources.users import new_user, user_doc
from .simulate import guests, next_instance, person_of, plan_instance
from .state import Emulator
from .store import Doc, Store

Progress = Callable[[int], None]
_TIMEZONES = ("America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin")
_JOBS = ("Engineer", "Senior Engineer", "Product Manager", "Designer", "Engineering Manager")
_LENGTHS = (15, 30, 30, 30, 45, 60)


class FixedClock(Clock):
    """A clock that reads whatever moment it is set to."""

    def __init__(self, moment: datetime) -> None:
        super().__init__()
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def timestamp(self) -> float:
        return self.moment.timestamp()


class _Batches:
    """Documents written in batches of `size`, counted by kind."""

    def __init__(self, store: Store, size: int) -> None:
        self.store, self.size = store, size
        self.pending: list[Doc] = []
        self.counts: Counter[str] = Counter()

    async def add(self, docs: list[Doc]) -> None:
        self.pending += docs
        self.counts.update(doc.kind for doc in docs)
        if len(self.pending) >= self.size:
            await self.flush()

    async def flush(self) -> None:
        if self.pending:
            await self.store.insert_many(self.pending)
            self.pending = []


@dataclasses.dataclass
class _Seeder:
    emu: Emulator  # a copy with seeded ids and a fixed clock
    rng: random.Random
    now: datetime
    out: _Batches
    hosts: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    instances: int = 0

    @property
    def account_id(self) -> str:
        return self.emu.account_id

    def at(self, moment: datetime) -> None:
        assert isinstance(self.emu.clock, FixedClock)
        self.emu.clock.moment = moment

    async def users(self, count: int, seed: int) -> None:
        self.at(self.now - timedelta(days=120))
        for person in generate.people(seed, count):
            first, last = person.name.split(" ", 1)
            info = {
                "email": person.email, "first_name": first, "last_name": last,
                "dept": self.rng.choice(phrases.TEAMS), "job_title": self.rng.choice(_JOBS),
                "timezone": self.rng.choice(_TIMEZONES),
            }  # fmt: skip
            body = new_user(self.emu, self.account_id, info)
            self.hosts.append(body)
            await self.out.add([user_doc(self.account_id, body)])

    def slot(self, days_from_now: int) -> datetime:
        """A working-hours start on a day relative to `now`, on a quarter hour."""
        day = self.now + timedelta(days=days_from_now)
        return day.replace(hour=self.rng.randint(14, 21), minute=15 * self.rng.randint(0, 3))

    def schedule(self, host: dict[str, Any], start: datetime, **extra: Any) -> dict[str, Any]:
        kind, topic = generate.meeting_topic(self.rng)
        self.at(start - timedelta(days=self.rng.randint(1, 14), minutes=self.rng.randint(0, 600)))
        payload = {
            "topic": topic, "type": 2, "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration": self.rng.choice(_LENGTHS), "timezone": host["timezone"],
            "agenda": f"{phrases.KIND_LABELS[kind].capitalize()}: {topic}", **extra,
        }  # fmt: skip
        host_doc = user_doc(self.account_id, host)
        return meetings.MeetingsBackend(self.emu).build(host_doc, payload)

    def attendees(self, host: dict[str, Any]) -> list[Person]:
        count = self.rng.randint(2, 9) if self.rng.random() < 0.95 else self.rng.randint(12, 40)
        others = [h for h in self.hosts if h["id"] != host["id"]]
        colleagues = self.rng.sample(others, min(len(others), self.rng.randint(1, count - 1)))
        found = [person_of(host), *(person_of(c) for c in colleagues)]
        return found + guests(self.rng.randrange(2**31), count - len(found))

    async def happened(
        self, host: dict[str, Any], body: dict[str, Any], starts: list[datetime]
    ) -> None:
        """Store a meeting and one ended instance per start, each with its own UUID."""
        doc = meetings.meeting_doc(self.account_id, body)
        for start in starts:
            minutes = max(5, round(int(body["duration"]) * self.rng.uniform(0.7, 1.15)))
            instance = plan_instance(
                account_id=self.account_id, meeting=doc.body, host=host,
                people=self.attendees(host), start=start + timedelta(minutes=self.rng.randint(0, 4)),
                minutes=minutes, seed=self.rng.randrange(2**31), ids=self.emu.ids,
                base_url=self.emu.base_url(),
                speech=spoken_media.spoken(self.emu.settings, minutes),
            )  # fmt: skip
            await self.out.add(instance.docs())
            doc = next_instance(doc, self.emu.ids.uuid())
            self.instances += 1
        await self.out.add([doc])

    async def meeting(self, host: dict[str, Any]) -> None:
        roll = self.rng.random()
        if roll < 0.25:  # upcoming
            body = self.schedule(host, self.slot(self.rng.randint(1, 14)))
            await self.out.add([meetings.meeting_doc(self.account_id, body)])
        elif roll < 0.35:  # weekly, with a few past instances
            weeks = self.rng.randint(2, 4)
            first = self.slot(-7 * weeks)
            recurrence = {"type": 2, "repeat_interval": 1, "end_times": weeks + 4}
            body = self.schedule(host, first, type=8, recurrence=recurrence)
            await self.happened(host, body, [first + timedelta(weeks=w) for w in range(weeks)])
        else:
            start = self.slot(-self.rng.randint(1, 30))
            await self.happened(host, self.schedule(host, start), [start])


def default_now(emu: Emulator) -> datetime:
    """Today's midnight (UTC): seeding twice on one day gives the same data."""
    return emu.clock.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


async def seed(
    emu: Emulator,
    *,
    users: int,
    meetings_per_user: int,
    seed: int,
    now: datetime | None = None,
    progress: Progress | None = None,
    batch_size: int = 2000,
    owner_hosts: bool = False,
) -> dict[str, int]:
    """Fill the store with demo data for the emulator's account; returns what was made.

    With `owner_hosts` the account owner (whom `me` means under a Server-to-Server
    token) hosts meetings too, so a demo answers `/users/me/meetings` with data.
    """
    moment = now or default_now(emu)
    quiet = dataclasses.replace(emu, ids=IdFactory(seed), clock=FixedClock(moment))
    seeder = _Seeder(quiet, random.Random(seed), moment, _Batches(emu.store, batch_size))
    if owner_hosts:
        owner = await emu.store.get(USER, await account_owner(emu, emu.account_id) or "")
        if owner is not None:
            seeder.hosts.append(owner.body)
    await seeder.users(users, seed)
    for host in seeder.hosts:
        for _ in range(meetings_per_user):
            await seeder.meeting(host)
            if progress is not None:
                progress(1)
    await seeder.out.flush()
    counts = seeder.out.counts
    return {
        "users": counts["user"],
        "meetings": counts["meeting"],
        "past_instances": seeder.instances,
        "participants": counts["participant"],
        "recordings": counts["recording"],
        "summaries": counts["meeting_summary"],
        "documents": sum(counts.values()),
    }
