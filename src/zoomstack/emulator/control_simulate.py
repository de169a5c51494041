"""POST /_emulator/meetings/{meetingId}/simulate: make a meeting happen now
(and POST /_emulator/webinars/{webinarId}/simulate: a webinar).

The optional JSON body tunes the instance: `participants` (people present, host
included), `duration` (minutes; the meeting's own by default), `seed` (same seed, same
people, words and summary), `start_time` (ISO; by default the instance ends now) and
`file_sizes` (bytes per media file type, e.g. {"MP4": 1073741824}, for large downloads).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import media
from .auth import emulator
from .clock import iso
from .errors import MeetingNotFound, ValidationFailed
from .http import json_response, path_param, read_json
from .ids import normalize_uuid
from .resources.webinar_shapes import WebinarNotFound
from .simulate import MEETING, WEBINAR, Family, Instance, Options, simulate
from .state import Emulator
from .store import Doc
from .times import parse_datetime

_MEDIA_BYTES = (64, 1 << 40)
_LIMITS = {"participants": (1, 1000), "duration": (1, 24 * 60), "seed": (0, 2**63 - 1)}


def _options(body: dict[str, Any]) -> Options:
    errors: list[dict[str, str]] = []
    values: dict[str, int | None] = {}
    for name, (low, high) in _LIMITS.items():
        value = body.get(name)
        ok = value is None or (
            isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        )
        if not ok:
            errors.append({"field": name, "message": f"Must be an integer from {low} to {high}."})
        values[name] = value if ok else None
    start = None
    if body.get("start_time") is not None:
        try:
            start = parse_datetime(str(body["start_time"]))
        except ValueError:
            errors.append({"field": "start_time", "message": "Must be an ISO date-time."})
    sizes = _media_sizes(body.get("file_sizes"), errors)
    if errors:
        raise ValidationFailed(errors)
    return Options(values["participants"], values["duration"], values["seed"], start, sizes)


def _media_sizes(value: Any, errors: list[dict[str, str]]) -> dict[str, int] | None:
    if value is None:
        return None
    ok = isinstance(value, dict) and all(
        kind in media.MEDIA_TYPES and isinstance(size, int) and not isinstance(size, bool)
        and _MEDIA_BYTES[0] <= size <= _MEDIA_BYTES[1]
        for kind, size in value.items()
    )  # fmt: skip
    if not ok:
        kinds = " and ".join(sorted(media.MEDIA_TYPES))
        low, high = _MEDIA_BYTES
        message = f"Must map {kinds} to byte counts from {low} to {high}."
        errors.append({"field": "file_sizes", "message": message})
        return None
    return dict(value)


async def _scheduled(emu: Emulator, key: str, family: Family) -> Doc:
    kind = family.kind
    found = key if key.isdigit() else await emu.store.resolve(kind, normalize_uuid(key))
    doc = await emu.store.get(kind, found) if found else None
    if doc is None:
        raise (WebinarNotFound if family is WEBINAR else MeetingNotFound)(key)
    return doc


def _report(instance: Instance) -> dict[str, Any]:
    recording = instance.recording
    files = [
        {k: f[k] for k in ("id", "file_type", "file_size", "download_url")}
        for f in recording["recording_files"]
    ]
    return {
        "uuid": instance.uuid,
        f"{instance.family.events}_id": int(instance.meeting["id"]),
        "topic": instance.meeting["topic"],
        "start_time": iso(instance.start),
        "end_time": iso(instance.end),
        "participants_count": instance.past_meeting["participants_count"],
        "recording": {
            "share_url": recording["share_url"],
            "total_size": recording["total_size"],
            "recording_count": recording["recording_count"],
            "recording_files": files,
        },
        "summary": {
            k: instance.summary[k] for k in ("summary_title", "summary_overview", "next_steps")
        },
    }


async def _simulate(request: Request, family: Family) -> Response:
    emu = emulator(request)
    options = _options(await read_json(request, required=False))
    scheduled = await _scheduled(emu, path_param(request, "id"), family)
    instance = await simulate(emu, scheduled, options, family)
    return json_response(_report(instance), 201)


async def simulate_meeting(request: Request) -> Response:
    return await _simulate(request, MEETING)


async def simulate_webinar(request: Request) -> Response:
    return await _simulate(request, WEBINAR)


routes = [
    Route("/_emulator/meetings/{id:path}/simulate", simulate_meeting, methods=["POST"]),
    Route("/_emulator/webinars/{id:path}/simulate", simulate_webinar, methods=["POST"]),
]
