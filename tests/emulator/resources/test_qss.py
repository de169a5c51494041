from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.simulated import encoded, happened, held_webinar, scheduled
from zoomstack.emulator import quality


async def _score(client: httpx.AsyncClient, auth: dict[str, str], key: object) -> dict[str, Any]:
    response = await client.get(f"/v2/qss/score/{key}", headers=auth)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_score_is_the_duration_weighted_mean_of_the_people(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, report = await happened(client, auth, participants=6, seed=17)
    score = await _score(client, auth, meeting["id"])
    assert score["meeting_uuid"] == report["uuid"]
    people = score["participants"]
    weighted = sum(p["score"] * p["duration"] for p in people) / sum(p["duration"] for p in people)
    assert score["score"] == pytest.approx(weighted, abs=0.02)  # per-person scores are rounded
    assert score["rating"] == quality.label(score["score"])
    assert all(
        1.0 <= p["score"] <= 4.5 and p["rating"] == quality.label(p["score"]) for p in people
    )
    assert score["audio"]["rating"] == quality.label(score["audio"]["score"])
    assert score["screen_share"] is not None  # the host shared
    assert score == await _score(client, auth, encoded(report["uuid"], 2))  # stored, not drawn


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
async def test_feedback_is_kept_listed_counted_and_deleted(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting, report = await happened(client, auth, participants=3, seed=2)
    given = []
    for rating, comment in ((5, "Crisp audio"), (2, "Video froze")):
        body = {"meeting_id": meeting["id"], "rating": rating, "comment": comment}
        response = await client.post("/v2/qss/feedback", headers=auth, json=body)
        assert response.status_code == 201, response.text
        given.append(response.json())
    assert given[0]["meeting_uuid"] == report["uuid"] and given[0]["comment"] == "Crisp audio"
    one = await client.get(f"/v2/qss/feedback/{given[1]['id']}", headers=auth)
    assert one.json() == given[1]
    listed = await client.get(
        "/v2/qss/feedback", headers=auth, params={"meeting_id": report["uuid"]}
    )
    assert sorted(f["id"] for f in listed.json()["feedback"]) == sorted(f["id"] for f in given)
    assert (await _score(client, auth, meeting["id"]))["feedback"] == {"count": 2, "average_rating": 3.5}  # fmt: skip

    assert (await client.delete(f"/v2/qss/feedback/{given[1]['id']}", headers=auth)).status_code == 204  # fmt: skip
    gone = await client.get(f"/v2/qss/feedback/{given[1]['id']}", headers=auth)
    assert gone.status_code == 404
    assert gone.json() == {"code": 404, "message": f"Feedback does not exist: {given[1]['id']}."}
    assert (await _score(client, auth, meeting["id"]))["feedback"]["count"] == 1


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"meeting_id", "rating"}),
        ({"meeting_id": 1, "rating": 6}, {"rating"}),
        ({"meeting_id": True, "rating": "5"}, {"meeting_id", "rating"}),
        ({"meeting_id": 1, "rating": 3, "comment": 7, "email": "x" * 200}, {"comment", "email"}),
    ],
)
async def test_bad_feedback_names_each_field(
    client: httpx.AsyncClient, auth: dict[str, str], body: dict[str, Any], fields: set[str]
) -> None:
    response = await client.post("/v2/qss/feedback", headers=auth, json=body)
    assert response.status_code == 400
    assert response.json()["message"] == "Validation Failed."
    assert {e["field"] for e in response.json()["errors"]} == fields


async def test_feedback_and_scores_need_a_meeting_that_happened(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    meeting = await scheduled(client, auth)
    response = await client.post(
        "/v2/qss/feedback", headers=auth, json={"meeting_id": meeting["id"], "rating": 4}
    )
    assert response.status_code == 404 and response.json()["code"] == 3001
    score = await client.get(f"/v2/qss/score/{meeting['id']}", headers=auth)
    assert score.status_code == 404
    listed = await client.get("/v2/qss/feedback", headers=auth)
    assert listed.status_code == 400 and listed.json()["errors"][0]["field"] == "meeting_id"


async def test_a_webinar_is_scored_too(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    webinar, report = await held_webinar(client, auth, participants=5, seed=1)
    score = await _score(client, auth, webinar["id"])
    assert (score["meeting_uuid"], score["participants_count"]) == (report["uuid"], 5)
