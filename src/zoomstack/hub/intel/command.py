"""The work of `zoomstack intel summarize`: transcripts in (files or JSON lines), insights out."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from .engines import SummaryEngine
from .errors import IntelError
from .models import Insights
from .pipeline import analyze


class RequestError(IntelError, ValueError):
    """A JSON-lines request the command cannot act on."""


def parse_date(value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise RequestError(f"meeting date must be YYYY-MM-DD, not {value!r}") from exc


def run_files(
    paths: Iterable[Path],
    meeting_date: dt.date | None,
    json_out: bool,
    out: TextIO,
    err: TextIO,
    engine: SummaryEngine | None = None,
) -> int:
    """Analyse each file; print each result (text or one JSON line); 1 if any file failed."""
    status = 0
    for path in paths:
        try:
            insights = analyze(_read(path), meeting_date=meeting_date, engine=engine)
        except IntelError as exc:
            err.write(f"{path}: {exc}\n")
            status = 1
            continue
        out.write(insights.model_dump_json() + "\n" if json_out else describe(insights, str(path)))
    return status


def run_lines(
    lines: Iterable[str],
    meeting_date: dt.date | None,
    out: TextIO,
    engine: SummaryEngine | None = None,
) -> int:
    """One JSON request per line ({"vtt": ...} or {"path": ...}, optional "meeting_date"),
    one JSON answer per line: the insights, or {"error": ...}; 1 if any request failed."""
    status = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            answer: dict[str, Any] = answer_line(line, meeting_date, engine).model_dump(mode="json")
        except IntelError as exc:
            answer, status = {"line": number, "error": str(exc)}, 1
        out.write(json.dumps(answer) + "\n")
        out.flush()
    return status


def answer_line(line: str, meeting_date: dt.date | None, engine: SummaryEngine | None) -> Insights:
    try:
        request = json.loads(line)
    except ValueError as exc:
        raise RequestError(f"not a JSON object: {exc}") from exc
    if not isinstance(request, dict):
        raise RequestError('each line must be a JSON object with "vtt" or "path"')
    if isinstance(request.get("vtt"), str):
        text = request["vtt"]
    elif isinstance(request.get("path"), str):
        text = _read(Path(request["path"]))
    else:
        raise RequestError('each line needs "vtt" (the transcript) or "path" (a .vtt file)')
    date = parse_date(request.get("meeting_date")) or meeting_date
    return analyze(text, meeting_date=date, engine=engine)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RequestError(f"cannot read {path}: {exc}") from exc


def describe(insights: Insights, name: str) -> str:
    """A readable report of one meeting."""
    minutes = insights.duration_seconds / 60
    lines = [
        f"== {name}  ({minutes:.0f} min, {len(insights.speakers)} speakers, {insights.engine})",
        "Overview",
        f"  {insights.summary.overview}",
        "Key points",
        *(
            f"  - {p.text}  [{p.source.speaker} {clock(p.source.start)}]"
            for p in insights.summary.key_points
        ),
        "Decisions",
        *(
            f"  - {d.text}  [{d.source.speaker} {clock(d.source.start)}]"
            for d in insights.decisions
        ),
        "Action items",
        *_action_lines(insights),
        "Participants",
        *_participant_lines(insights),
    ]
    return "\n".join(lines) + "\n\n"


def _action_lines(insights: Insights) -> list[str]:
    lines = []
    for item in insights.action_items:
        due = f"  due {item.due_date or '?'} ({item.due_phrase})" if item.due_phrase else ""
        lines.append(f"  - {item.owner or '(unassigned)'}: {item.task}{due}")
        lines.append(
            f'      "{item.source.text}"  [{item.source.speaker} {clock(item.source.start)}]'
        )
    return lines


def _participant_lines(insights: Insights) -> list[str]:
    header = f"  {'speaker':<24} {'time':>8} {'share':>6} {'turns':>5} {'wpm':>5} {'intr':>4} {'engage':>6}  sentiment"
    rows = [
        f"  {p.speaker[:24]:<24} {clock(p.speaking_seconds):>8} {p.speaking_share:>6.1%} {p.turns:>5}"
        f" {p.words_per_minute:>5.0f} {p.interruptions:>4} {p.engagement_score:>6.0f}"
        f"  {p.sentiment.label} ({p.sentiment.compound:+.2f})"
        for p in insights.participants
    ]
    return [header, *rows]


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
