"""The meeting simulator of `zoomstack up`: something happens on the dashboard.

Every few minutes it schedules a meeting through the hub's API (as the demo user, so
the calendar shows it coming), waits until its time, and has the emulator hold it:
people join and leave, the recording and transcript appear, and the webhooks carry it
all to the hub, which fetches the files and makes the summary. It only uses the two
public HTTP surfaces, the hub's API and the emulator's control plane.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from .stack import Stack

TOPICS = (
    "Weekly product sync",
    "Design review: onboarding flow",
    "Customer escalation follow-up",
    "Sprint planning",
    "Release readiness check",
    "Hiring debrief",
    "Pricing experiment review",
    "Incident retrospective",
)


@dataclass(frozen=True, slots=True)
class Happening:
    """A meeting the simulator scheduled, and how it will go."""

    meeting_id: int
    topic: str
    start: datetime
    minutes: int
    participants: int


class Simulator:
    def __init__(
        self,
        stack: Stack,
        http: httpx.AsyncClient,
        *,
        every: float,
        seed: int = 0,
        say: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.stack = stack
        self.http = http
        self.every = every
        self.rng = random.Random(seed)
        self.say = say

    def _hub_headers(self) -> dict[str, str]:
        return {"X-API-Key": self.stack.hub.demo_api_key.get_secret_value()}

    async def schedule(self, start: datetime) -> Happening:
        """Book the next meeting in the hub (and so in Zoom) for `start`."""
        topic = self.rng.choice(TOPICS)
        minutes = self.rng.randint(10, 30)
        body = {
            "topic": topic,
            "start_time": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration": minutes,
            "agenda": "Held by the zoomstack meeting simulator.",
        }
        made = await self.http.post(
            f"{self.stack.hub_url}/api/meetings", json=body, headers=self._hub_headers()
        )
        made.raise_for_status()
        meeting_id = int(made.json()["id"])
        return Happening(meeting_id, topic, start, minutes, self.rng.randint(3, 6))

    async def hold(self, happening: Happening) -> dict[str, Any]:
        """Have the emulator run the meeting now (it ends as the call returns)."""
        token = await self.stack.s2s_token(self.http)
        body = {
            "participants": happening.participants,
            "duration": happening.minutes,
            "seed": self.rng.randrange(2**31),
        }
        url = f"{self.stack.emulator_url}/_emulator/meetings/{happening.meeting_id}/simulate"
        ran = await self.http.post(url, json=body, headers={"authorization": f"Bearer {token}"})
        ran.raise_for_status()
        report: dict[str, Any] = ran.json()
        return report

    async def once(self) -> Happening:
        """Schedule one meeting `every` seconds ahead, wait, and hold it."""
        start = datetime.now(UTC) + timedelta(seconds=self.every)
        happening = await self.schedule(start)
        self.say(f"simulator: '{happening.topic}' scheduled for {start.astimezone():%H:%M}")
        await asyncio.sleep(self.every)
        await self.hold(happening)
        self.say(f"simulator: '{happening.topic}' took place; its summary is on the way")
        return happening

    async def run(self) -> None:
        """Meeting after meeting until cancelled; a failed round is reported, not fatal."""
        while True:
            try:
                await self.once()
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                self.say(f"simulator: a meeting could not be held ({exc}); trying again")
                await asyncio.sleep(self.every)
