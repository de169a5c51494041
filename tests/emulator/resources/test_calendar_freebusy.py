"""Free/busy computed from stored events: clipped, merged, cancelled and transparent
events left out, recurring events by occurrence, unknown calendars flagged."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from zoomstack.emulator.resources.calendar_freebusy import busy, merged

BOTH_STORES = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
DAY = {"timeMin": "2030-03-04T00:00:00Z", "timeMax": "2030-03-05T00:00:00Z"}


async def event(
    client: httpx.AsyncClient,
    auth: dict[str, str],
    start: str,
    end: str,
    cal: str = "primary",
    **extra: Any,
) -> str:
    body = {"summary": "x", "start": {"dateTime": start}, "end": {"dateTime": end}, **extra}
    response = await client.post(f"/v2/calendars/{cal}/events", headers=auth, json=body)
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


async def free_busy(
    client: httpx.AsyncClient, auth: dict[str, str], *ids: str, **window: str
) -> list[dict[str, Any]]:
    body = {**DAY, **window, "items": [{"id": i} for i in ids]}
    response = await client.post("/v2/calendars/freeBusy", headers=auth, json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["kind"] == "calendar#freeBusy"
    calendars: list[dict[str, Any]] = answer["calendars"]
    return calendars


def periods(calendar: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["start"][11:16], p["end"][11:16]) for p in calendar["busy"]]


@BOTH_STORES
async def test_busy_periods_are_merged_and_clipped(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await event(client, auth, "2030-03-04T09:00:00Z", "2030-03-04T10:00:00Z")
    await event(client, auth, "2030-03-04T09:30:00Z", "2030-03-04T11:00:00Z")  # overlaps
    await event(client, auth, "2030-03-04T11:00:00Z", "2030-03-04T11:30:00Z")  # touches
    await event(client, auth, "2030-03-04T14:00:00Z", "2030-03-04T15:00:00Z")
    await event(
        client, auth, "2030-03-03T23:00:00Z", "2030-03-04T01:00:00Z"
    )  # starts the day before
    await event(client, auth, "2030-03-06T09:00:00Z", "2030-03-06T10:00:00Z")  # outside
    [calendar] = await free_busy(client, auth, "primary")
    assert periods(calendar) == [("00:00", "01:00"), ("09:00", "11:30"), ("14:00", "15:00")]
    assert calendar["busy"][0]["start"] == "2030-03-04T00:00:00Z"


async def test_cancelled_and_transparent_events_are_free(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    gone = await event(client, auth, "2030-03-04T09:00:00Z", "2030-03-04T10:00:00Z")
    await event(
        client, auth, "2030-03-04T12:00:00Z", "2030-03-04T13:00:00Z", transparency="transparent"
    )
    assert (
        await client.delete(f"/v2/calendars/primary/events/{gone}", headers=auth)
    ).status_code == 204
    [calendar] = await free_busy(client, auth, "primary")
    assert calendar["busy"] == []


async def test_each_users_calendar_by_email_and_unknown_ids(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    info = {"email": "ada@example.com", "type": 1, "first_name": "Ada", "last_name": "L"}
    await client.post("/v2/users", headers=auth, json={"action": "custCreate", "user_info": info})
    await event(client, auth, "2030-03-04T16:00:00Z", "2030-03-04T17:00:00Z", cal="ada@example.com")
    ada, me, nobody = await free_busy(
        client, auth, "ada@example.com", "primary", "nobody@example.com"
    )
    assert periods(ada) == [("16:00", "17:00")]
    assert (me["busy"], me.get("errors")) == ([], [])
    assert nobody["errors"] == [{"domain": "global", "reason": "notFound"}]


@BOTH_STORES
async def test_recurring_events_count_each_occurrence(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await event(
        client, auth, "2030-03-01T08:00:00Z", "2030-03-01T08:30:00Z",
        recurrence=["RRULE:FREQ=DAILY;COUNT=10", "EXDATE:20300305T080000Z"],
    )  # fmt: skip
    week = {"timeMin": "2030-03-03T00:00:00Z", "timeMax": "2030-03-06T00:00:00Z"}
    [calendar] = await free_busy(client, auth, "primary", **week)
    assert [p["start"][:10] for p in calendar["busy"]] == ["2030-03-03", "2030-03-04"]


async def test_created_calendars_are_free_and_bad_windows_refused(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    made = await client.post("/v2/calendars", headers=auth, json={"summary": "Team"})
    assert made.status_code == 200, made.text
    [team] = await free_busy(client, auth, made.json()["id"])
    assert team["busy"] == [] and not team.get("errors")
    backwards = {**DAY, "timeMin": DAY["timeMax"], "items": []}
    assert (
        await client.post("/v2/calendars/freeBusy", headers=auth, json=backwards)
    ).status_code == 400
    missing = await client.post("/v2/calendars/freeBusy", headers=auth, json={"items": []})
    assert missing.json()["errors"] == [
        {"field": "timeMax", "message": "Invalid field."},
        {"field": "timeMin", "message": "Invalid field."},
    ]


def test_merge_keeps_order_and_joins_touching_periods() -> None:
    t = [datetime(2030, 1, 1, h, tzinfo=UTC) for h in range(6)]
    assert merged([(t[3], t[4]), (t[0], t[1]), (t[1], t[2])]) == [(t[0], t[2]), (t[3], t[4])]
    event = {
        "start": {"dateTime": "2030-01-01T01:00:00Z"},
        "end": {"dateTime": "2030-01-01T05:00:00Z"},
    }
    assert busy([event], t[2], t[3]) == [(t[2], t[3])]
