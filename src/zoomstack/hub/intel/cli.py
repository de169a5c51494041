"""`zoomstack intel ...`: the meeting-intelligence engine from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Meeting intelligence: summaries, decisions, action items, analytics.",
    no_args_is_help=True,
)


@app.callback()
def intel() -> None:
    """Meeting intelligence: summaries, decisions, action items, analytics."""


@app.command()
def summarize(
    files: Annotated[
        list[str], typer.Argument(help='WebVTT transcripts, or "-" for JSON lines on stdin')
    ],
    meeting_date: Annotated[
        str | None,
        typer.Option("--meeting-date", help="YYYY-MM-DD; due dates are resolved against it"),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="one JSON object per transcript")
    ] = False,
) -> None:
    """Overview, key points, decisions, action items (owner, task, due date, quote), analytics.

    With "-", each stdin line is {"vtt": "..."} or {"path": "..."} (optionally with
    "meeting_date"), and each answer is one JSON line.
    """
    from .command import RequestError, parse_date, run_files, run_lines

    try:
        date = parse_date(meeting_date)
    except RequestError as exc:
        raise typer.BadParameter(str(exc), param_hint="--meeting-date") from exc
    if files == ["-"]:
        raise typer.Exit(run_lines(sys.stdin, date, sys.stdout))
    paths = [Path(name) for name in files]
    raise typer.Exit(run_files(paths, date, json_out, sys.stdout, sys.stderr))
