from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.simulated import encoded, happened, held_webinar, scheduled, simulate

SPAN = {"from": "2000-01-01", "to": "2100-01-01"}


async def _user(client: httpx.AsyncClient, auth: dict[str, str], email: str) -> str:
    info = {"email": email, "type": 2, "first_name": "Ada", "last_name": email[:3]}
    body = {"action": "custCreate", "user_info": info}
    response = await client.post("/v2/users", headers=auth, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _report(
    client: httpx.AsyncClient, auth: dict[str, str], path: str, **params: str
) -> dict[str, Any]:
    response = await client.get(path, headers=auth, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_hosts_report_splits_active_from_inactive_and_pages(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    idle = [await _user(client, auth, f"{name}@example.com") for name in ("bea", "cal", "dee")]
    await happened(client, auth, participants=4, seed=9)
    active = await _report(client, auth, "/v2/report/users", **SPAN)
    assert [u["meetings"] for u in active["users"]] == [1]
    assert active["total_records"] == 1
    seen: list[str] = []
    params = {**SPAN, "type": "inactive", "page_size": "2"}
    while True:
        page = await _report(client, auth, "/v2/report/users", **params)
        assert page["total_records"] == 3 and page["page_count"] == 2
        seen += [u["id"] for u in page["users"]]
        assert all(u["meetings"] == u["participants"] == 0 for u in page["users"])
        if not page["next_page_token"]:
            break
        params["next_page_token"] = page["next_page_token"]
    assert sorted(seen) == sorted(idle)
    numbered = await _report(client, auth, "/v2/report/users", **{**SPAN, "type": "inactive", "page_size": "2", "page_number": "2"})  # fmt: skip
    assert [u["id"] for u in numbered["users"]] == seen[2:]


async def test_hosts_report_counts_only_the_window(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    await simulate(client, meeting["id"], participants=3, start_time="2024-03-05T10:00:00Z")
    inside = await _report(client, auth, "/v2/report/users", **{"from": "2024-03-01", "to": "2024-03-31"})  # fmt: skip
    assert inside["total_meetings"] == 1 and inside["total_participants"] == 3
    assert (inside["from"], inside["to"]) == ("2024-03-01", "2024-03-31")
    after = await _report(client, auth, "/v2/report/users", **{"from": "2024-04-01", "to": "2024-04-30"})  # fmt: skip
    assert after["total_meetings"] == 0 and after["users"] == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"to": "2024-01-01"}, "The from parameter is required."),
        ({"from": "2024-01-01"}, "The to parameter is required."),
        ({"from": "soon", "to": "2024-01-01"}, "Invalid parameter: from. Use yyyy-mm-dd or yyyy-MM-ddTHH:mm:ssZ."),
        ({"from": "2024-02-01", "to": "2024-01-01"}, "Invalid parameter: to must be later than from."),
    ],
)  # fmt: skip
async def test_bad_windows_are_zoom_400s(
    client: httpx.AsyncClient, auth: dict[str, str], params: dict[str, str], message: str
) -> None:
    response = await client.get("/v2/report/users", headers=auth, params=params)
    assert response.status_code == 400
    assert response.json() == {"code": 300, "message": message}


async def test_a_hosts_meeting_report_lists_only_their_meetings(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    other = await _user(client, auth, "eve@example.com")
    _, mine = await happened(client, auth, participants=3, seed=4)
    theirs = await client.post(
        f"/v2/users/{other}/meetings", headers=auth, json={"topic": "Theirs"}
    )
    await simulate(client, theirs.json()["id"], participants=2, seed=5)
    own = await _report(client, auth, "/v2/report/users/me/meetings", **SPAN)
    assert [m["uuid"] for m in own["meetings"]] == [mine["uuid"]]
    assert own["meetings"][0]["has_recording"] is True
    their = await _report(client, auth, f"/v2/report/users/{other}/meetings", **SPAN)
    assert [m["participants_count"] for m in their["meetings"]] == [2]
    bad = await client.get(
        "/v2/report/users/me/meetings", headers=auth, params={**SPAN, "type": "x"}
    )
    assert bad.status_code == 400


async def test_participant_reports_add_registrant_ids_only_when_asked(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    _, report = await happened(client, auth, participants=3, seed=6)
    path = f"/v2/report/meetings/{encoded(report['uuid'])}/participants"
    plain = await _report(client, auth, path)
    assert all("registrant_id" not in p for p in plain["participants"])
    assert all(p["participant_user_id"] == p["id"] for p in plain["participants"])
    asked = await _report(client, auth, path, include_fields="registrant_id")
    assert all(p["registrant_id"] == "" for p in asked["participants"])


async def test_webinar_reports_come_from_the_webinars_instances(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    webinar, report = await held_webinar(client, auth, participants=6, seed=2)
    detail = await _report(client, auth, f"/v2/report/webinars/{webinar['id']}")
    assert (detail["uuid"], detail["participants_count"]) == (report["uuid"], 6)
    rows = await _report(client, auth, f"/v2/report/webinars/{webinar['id']}/participants")
    assert len({p["user_id"] for p in rows["participants"]}) == 6
    as_meeting = await client.get(f"/v2/report/meetings/{webinar['id']}", headers=auth)
    assert as_meeting.status_code == 404 and as_meeting.json()["code"] == 3001
