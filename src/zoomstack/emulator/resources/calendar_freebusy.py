"""Free/busy: POST /v2/calendars/freeBusy, computed from the events calendars.py stores.

Busy time is every event of a calendar that is not cancelled and not marked
`transparent`, overlapping [timeMin, timeMax): clipped to the window, overlapping and
touching periods merged, in time order, in UTC. Recurring events count with each
occurrence their `recurrence` lines (RRULE, EXDATE ...) give. A calendar id is
`primary`, a user's email or id (that user's calendar), or a calendar made with POST
/calendars, which holds no events here and so is free; an id that names nothing gets
Zoom's per-calendar error `{"domain": "global", "reason": "notFound"}`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from dateutil.rrule import rrulestr
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import BadRequest, NotFound, UserNotFound
from ..generic.conform import shaped
from ..generic.problems import check_body
from ..http import json_response, read_json
from ..spec import find_operation
from ..state import Emulator
from ..store import Doc, Query, loads
from ..times import parse_datetime
from .calendars import KIND as EVENT_KIND
from .calendars import instant
from .users import UsersBackend

FREE_BUSY = "/calendars/freeBusy"
CREATED_CALENDARS = "spec:calendar:/calendars"  # what the spec-driven POST /calendars keeps
Period = tuple[datetime, datetime]
_MOST_EVENTS = 10_000


async def user_calendar(emu: Emulator, who: Principal, cal_id: str) -> Doc | None:
    """The user whose calendar `cal_id` is (`primary`, an email or an id), if any."""
    try:
        return await UsersBackend(emu).resolve(who, "me" if cal_id == "primary" else cal_id)
    except UserNotFound:
        return None


async def anchor(emu: Emulator, who: Principal, cal_id: str) -> tuple[str, dict[str, Any]]:
    """For the spec-driven routes under /calendars/{calId}: a user's calendar (named by
    its address) or one made with POST /calendars."""
    owner = await user_calendar(emu, who, cal_id)
    if owner is not None:
        email = str(owner.body.get("email", cal_id))
        return email, {"id": email, "summary": email, "timeZone": owner.body.get("timezone")}
    made = await emu.store.get(CREATED_CALENDARS, cal_id)
    if made is None or made.account_id != who.account_id:
        raise NotFound(f"Calendar does not exist: {cal_id}.")
    return cal_id, {}


def occurrences(event: dict[str, Any]) -> Iterator[Period]:
    """Each (start, end) of an event; one for a single event."""
    start, end = instant(event["start"]), instant(event["end"])
    rules = [str(line) for line in event.get("recurrence") or [] if str(line).strip()]
    if not rules:
        yield start, end
        return
    length = end - start
    try:
        series = rrulestr("\n".join(rules), dtstart=start, forceset=True)
    except (ValueError, TypeError):  # a rule Zoom would refuse: count the first one only
        yield start, end
        return
    for begin in series.xafter(start - timedelta(seconds=1), count=5000, inc=True):
        yield begin, begin + length


def merged(periods: Iterable[Period]) -> list[Period]:
    """Overlapping and touching periods as one, in time order."""
    out: list[Period] = []
    for start, end in sorted(periods):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def busy(events: Iterable[dict[str, Any]], low: datetime, high: datetime) -> list[Period]:
    periods = []
    for event in events:
        if event.get("status") == "cancelled" or event.get("transparency") == "transparent":
            continue
        for start, end in occurrences(event):
            if start >= high:
                break
            if end > low:
                periods.append((max(start, low), min(end, high)))
    return merged(periods)


class FreeBusyBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    async def events(self, owner: Doc, high: datetime) -> list[dict[str, Any]]:
        """The owner's events starting before `high` (a recurring one by its first)."""
        query = Query(
            EVENT_KIND, owner.account_id, parent=owner.id, sort_max=iso(high), limit=_MOST_EVENTS
        )
        return [loads(raw) for raw in (await self.emu.store.list_page(query)).items]

    async def calendar(
        self, who: Principal, cal_id: str, low: datetime, high: datetime
    ) -> dict[str, Any]:
        owner = await user_calendar(self.emu, who, cal_id)
        if owner is not None:
            periods = busy(await self.events(owner, high), low, high)
            return {"id": cal_id, "busy": [{"start": iso(s), "end": iso(e)} for s, e in periods]}
        try:
            await anchor(self.emu, who, cal_id)
        except NotFound:
            return {
                "id": cal_id,
                "errors": [{"domain": "global", "reason": "notFound"}],
                "busy": [],
            }
        return {"id": cal_id, "busy": []}

    async def queryfreebusy(self, who: Principal, payload: dict[str, Any]) -> dict[str, Any]:
        op = find_operation("POST", FREE_BUSY)
        if op is not None:
            check_body(op, payload)
        low, high = _moment(payload, "timeMin"), _moment(payload, "timeMax")
        if high <= low:
            raise BadRequest("The specified time range is empty.")
        ids = [
            str(item["id"])
            for item in payload.get("items") or []
            if isinstance(item, dict) and item.get("id")
        ]
        calendars = [await self.calendar(who, cal_id, low, high) for cal_id in ids]
        return {
            "kind": "calendar#freeBusy",
            "timeMin": iso(low),
            "timeMax": iso(high),
            "calendars": calendars,
            "groups": [],
        }


def _moment(payload: dict[str, Any], name: str) -> datetime:
    try:
        return parse_datetime(str(payload[name]), payload.get("timeZone"))
    except (KeyError, ValueError):
        raise BadRequest(f"Invalid parameter: {name}; use an RFC 3339 timestamp.") from None


async def queryfreebusy(request: Request) -> Response:
    who = await authenticate(request)
    answer = await FreeBusyBackend(emulator(request)).queryfreebusy(who, await read_json(request))
    return json_response(shaped("POST", FREE_BUSY, answer))


routes = [Route("/v2/calendars/freeBusy", queryfreebusy, methods=["POST"])]
