"""QSS quality scores and feedback: /v2/qss/score/{meetingId} and /v2/qss/feedback.

These are not in Zoom's qss.json (which holds the dashboard's QoS summaries, served
by `metrics`); they are the older mock's API, kept so code written for it works:

  GET    /v2/qss/score/{meetingId}   a meeting's (or webinar's) quality score
  POST   /v2/qss/feedback            {"meeting_id", "rating" 1-5, "comment"?, "user_id"?,
                                      "email"?} -> 201 the stored feedback
  GET    /v2/qss/feedback?meeting_id=...  the feedback given on an instance
  GET    /v2/qss/feedback/{id}       one feedback; DELETE removes it (204)

`{meetingId}` is an instance UUID or a meeting id (its latest instance). The score is
derived from the participants' stored QoS (see `quality`): each session's mean
opinion score over its audio, video and screen-share streams, weighted by how long
the session lasted; the rating is Zoom's word for it (good, fair, poor, bad).

Stored kind:
  qss_feedback  id = feedback id, parent = instance UUID, sort = created_at
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import quality
from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import MeetingNotFound, NotFound, ValidationFailed
from ..http import json_response, no_content, path_param, read_json
from ..state import Emulator
from ..store import Doc, Query, Store
from . import activity
from .activity import MEETINGS, WEBINARS

FEEDBACK = "qss_feedback"
_KINDS = {"audio": quality.AUDIO, "video": quality.VIDEO, "screen_share": quality.SHARE}
_TEXT_LIMITS = {"comment": 2000, "user_id": 64, "email": 128}


class FeedbackNotFound(NotFound):
    def __init__(self, feedback_id: str) -> None:
        super().__init__(f"Feedback does not exist: {feedback_id}.")


def _weighted(pairs: list[tuple[float | None, int]]) -> float | None:
    present = [(score, weight) for score, weight in pairs if score is not None]
    total = sum(weight for _, weight in present)
    if not present:
        return None
    if total == 0:
        return quality.mean(score for score, _ in present)
    return round(sum(score * weight for score, weight in present) / total, 2)


def _session_score(qos: Mapping[str, Any]) -> float | None:
    return quality.mean(quality.kind_score(qos, names) for names in _KINDS.values())


def _stream_figures(stored: list[dict[str, Any]], names: tuple[str, ...]) -> dict[str, Any] | None:  # fmt: skip
    """Averages of one kind of stream over every session that had it."""
    streams = [q["qos"][name] for q in stored for name in names if name in q["qos"]]
    if not streams:
        return None
    score = quality.mean(quality.mos(s) for s in streams)
    assert score is not None

    def avg(metric: str) -> float:
        return round(sum(float(s[metric][1]) for s in streams) / len(streams), 2)

    return {
        "score": score, "rating": quality.label(score), "avg_latency_ms": avg("latency"),
        "avg_jitter_ms": avg("jitter"), "avg_loss_pct": avg("loss"),
    }  # fmt: skip


def _seconds(identity: Mapping[str, Any]) -> int:
    return activity.seconds_between(identity["join_time"], identity["leave_time"])


def _people(stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per person (their sessions together), in order of first joining."""
    sessions: dict[str, list[dict[str, Any]]] = {}
    for q in stored:
        sessions.setdefault(q["identity"]["participant_id"], []).append(q)
    rows = []
    for mine in sessions.values():
        who = mine[0]["identity"]
        score = _weighted([(_session_score(q["qos"]), _seconds(q["identity"])) for q in mine])
        rows.append({
            "id": who["participant_user_id"], "participant_id": who["participant_id"],
            "user_name": who["user_name"], "email": who["email"], "sessions": len(mine),
            "duration": sum(_seconds(q["identity"]) for q in mine),
            "score": score, "rating": quality.label(score) if score is not None else "",
        })  # fmt: skip
    return rows


class QssBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    @property
    def store(self) -> Store:
        return self.emu.store

    async def instance(self, who: Principal, key: str) -> Doc:
        """A meeting's instance, else a webinar's: the older mock took either."""
        try:
            return await activity.instance(self.store, who.account_id, key, MEETINGS)
        except NotFound:
            pass
        try:
            return await activity.instance(self.store, who.account_id, key, WEBINARS)
        except NotFound:
            raise MeetingNotFound(key) from None

    async def qss_score(self, who: Principal, key: str) -> dict[str, Any]:
        past = await self.instance(who, key)
        stored = await activity.scan(
            self.store, Query(quality.KIND, who.account_id, parent=past.id)
        )
        feedback = await activity.scan(self.store, Query(FEEDBACK, who.account_id, parent=past.id))
        score = _weighted([(_session_score(q["qos"]), _seconds(q["identity"])) for q in stored])
        ratings = [int(f["rating"]) for f in feedback]
        return {
            "meeting_id": int(past.body["id"]), "meeting_uuid": past.id,
            "topic": past.body["topic"], "start_time": past.body["start_time"],
            "end_time": past.body["end_time"], "score": score,
            "rating": quality.label(score) if score is not None else "",
            "participants_count": int(past.body["participants_count"]), "sessions": len(stored),
            **{kind: _stream_figures(stored, names) for kind, names in _KINDS.items()},
            "participants": _people(stored),
            "feedback": {
                "count": len(ratings),
                "average_rating": round(sum(ratings) / len(ratings), 2) if ratings else None,
            },
        }  # fmt: skip

    async def qss_feedback_create(self, who: Principal, payload: dict[str, Any]) -> dict[str, Any]:
        _check_feedback(payload)
        past = await self.instance(who, str(payload["meeting_id"]))
        feedback_id, created = self.emu.ids.token(22), iso(self.emu.clock.now())
        body = {
            "id": feedback_id, "meeting_id": int(past.body["id"]), "meeting_uuid": past.id,
            "rating": int(payload["rating"]), "comment": str(payload.get("comment") or ""),
            "user_id": str(payload.get("user_id") or ""), "email": str(payload.get("email") or ""),
            "created_at": created,
        }  # fmt: skip
        doc = Doc(FEEDBACK, feedback_id, who.account_id, body, parent=past.id, sort=created)
        await self.store.insert(doc)
        return body

    async def qss_feedback(self, who: Principal, feedback_id: str) -> Doc:
        doc = await self.store.get(FEEDBACK, feedback_id)
        if doc is None or doc.account_id != who.account_id:
            raise FeedbackNotFound(feedback_id)
        return doc

    async def qss_feedback_list(self, who: Principal, params: Mapping[str, str]) -> dict[str, Any]:
        key = params.get("meeting_id")
        if not key:
            raise ValidationFailed([{"field": "meeting_id", "message": "Required."}])
        past = await self.instance(who, key)
        found = await activity.scan(self.store, Query(FEEDBACK, who.account_id, parent=past.id))
        return {"meeting_uuid": past.id, "total_records": len(found), "feedback": found}

    async def qss_feedback_delete(self, who: Principal, feedback_id: str) -> None:
        doc = await self.qss_feedback(who, feedback_id)
        await self.store.delete(FEEDBACK, doc.id)


def _check_feedback(payload: Mapping[str, Any]) -> None:
    errors: list[dict[str, str]] = []
    meeting = payload.get("meeting_id")
    if not (isinstance(meeting, int) and not isinstance(meeting, bool)) and not (
        isinstance(meeting, str) and meeting
    ):
        errors.append({"field": "meeting_id", "message": "A meeting id or UUID is required."})
    rating = payload.get("rating")
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        errors.append({"field": "rating", "message": "Must be an integer from 1 to 5."})
    for name, limit in _TEXT_LIMITS.items():
        value = payload.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            errors.append({"field": name, "message": f"Must be text of at most {limit} characters."})  # fmt: skip
    if errors:
        raise ValidationFailed(errors)


def backend(request: Request) -> QssBackend:
    return QssBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


async def qss_score(request: Request) -> Response:
    who = await authenticate(request)
    return json_response(await backend(request).qss_score(who, path_param(request, "meeting_id")))


async def qss_feedback_create(request: Request) -> Response:
    who = await authenticate(request)
    body = await backend(request).qss_feedback_create(who, await read_json(request))
    return json_response(body, 201)


async def qss_feedback_list(request: Request) -> Response:
    who = await authenticate(request)
    return json_response(await backend(request).qss_feedback_list(who, request.query_params))


async def qss_feedback(request: Request) -> Response:
    who = await authenticate(request)
    doc = await backend(request).qss_feedback(who, path_param(request, "feedback_id"))
    return json_response(doc.body)


async def qss_feedback_delete(request: Request) -> Response:
    who = await authenticate(request)
    await backend(request).qss_feedback_delete(who, path_param(request, "feedback_id"))
    return no_content()


routes = [
    Route("/v2/qss/score/{meeting_id:path}", qss_score, methods=["GET"]),
    Route("/v2/qss/feedback", qss_feedback_create, methods=["POST"]),
    Route("/v2/qss/feedback", qss_feedback_list, methods=["GET"]),
    Route("/v2/qss/feedback/{feedback_id}", qss_feedback, methods=["GET"]),
    Route("/v2/qss/feedback/{feedback_id}", qss_feedback_delete, methods=["DELETE"]),
]
