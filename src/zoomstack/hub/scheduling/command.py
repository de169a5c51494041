"""The `zoomstack when` command's work: phrases in (arguments or JSON lines), answers out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from .model import When, WhenInputError
from .when import parse_when
from .zones import zone_named


def parse_now(value: str | None, tz: str) -> datetime:
    """An ISO datetime; one without an offset is read in `tz`; none means the current time."""
    zone: ZoneInfo = zone_named(tz)
    if value is None or value == "":
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise WhenInputError(
            f"now must be an ISO datetime like 2025-03-05T09:00:00-05:00, not {value!r}"
        ) from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def answer(text: str, now: str | None, tz: str) -> When:
    return parse_when(text, parse_now(now, tz), tz)


def describe(found: When) -> str:
    """A readable answer, a few lines per phrase."""
    lines = [f"{found.text!r}"]
    if found.ambiguous:
        lines.append(f"  ambiguous: {found.reason}")
        lines.extend(
            f"  candidate  {c.earliest:%a %Y-%m-%d %H:%M} - {c.latest:%H:%M %Z}"
            for c in found.candidates
        )
    if found.start and found.end:
        lines.append(
            f"  start      {found.start:%a %Y-%m-%d %H:%M %Z}  end {found.end:%a %H:%M %Z}"
        )
    if found.window:
        lines.append(
            f"  window     {found.window.earliest:%a %Y-%m-%d %H:%M} - {found.window.latest:%a %Y-%m-%d %H:%M %Z}"
        )
    lines.append(
        f"  duration   {found.duration_minutes} min{'' if found.duration_explicit else ' (default)'}"
    )
    if found.rrule:
        lines.append(f"  repeats    {found.rrule}")
    if found.attendees:
        lines.append("  attendees  " + ", ".join(a.email or a.name or "" for a in found.attendees))
    if found.topic:
        lines.append(f"  topic      {found.topic}")
    lines.append(f"  confidence {found.confidence:.2f}")
    return "\n".join(lines)


def as_json(found: When) -> str:
    return found.model_dump_json()


def _request(line: str, now: str | None, tz: str) -> When:
    try:
        request: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise WhenInputError(f"not a JSON object: {exc.msg}") from exc
    if not isinstance(request, dict) or not isinstance(request.get("text"), str):
        raise WhenInputError('each line must be a JSON object with a "text" string')
    return answer(request["text"], request.get("now") or now, request.get("tz") or tz)


def run_lines(lines: Iterable[str], now: str | None, tz: str, out: TextIO) -> int:
    """One JSON answer per non-blank input line, in order; a bad line gets {"error": ...}.
    Returns 1 when any line was bad, else 0."""
    failed = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.write(as_json(_request(line, now, tz)) + "\n")
        except WhenInputError as exc:
            failed = 1
            out.write(json.dumps({"error": str(exc), "line": number}) + "\n")
    return failed


def run_texts(texts: list[str], now: str | None, tz: str, json_out: bool, out: TextIO) -> int:
    """Answers for phrases given as arguments; bad `now`/`tz` raise WhenInputError."""
    moment = parse_now(now, tz)
    for text in texts:
        found = parse_when(text, moment, tz)
        out.write((as_json(found) if json_out else describe(found)) + "\n")
    return 0
