"""`zoomstack when`: phrases as arguments, JSON lines on stdin, readable or JSON output."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from zoomstack.cli import app
from zoomstack.hub.scheduling import WhenInputError
from zoomstack.hub.scheduling.command import parse_now, run_lines

NOW = "2025-03-05T09:00:00-05:00"
runner = CliRunner()


def test_several_texts_readable() -> None:
    result = runner.invoke(
        app, ["when", "tomorrow 2-3pm", "next Friday", "--now", NOW, "--tz", "America/New_York"]
    )
    assert result.exit_code == 0, result.output
    assert "start      Thu 2025-03-06 14:00 EST" in result.output
    assert "ambiguous: " in result.output
    assert result.output.count("confidence") == 2


def test_json_one_object_per_text() -> None:
    result = runner.invoke(
        app,
        [
            "when",
            "in two hours",
            "lunch tomorrow",
            "--now",
            NOW,
            "--tz",
            "America/New_York",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert answers[0]["start"] == "2025-03-05T11:00:00-05:00"
    assert answers[1]["window"] == {
        "earliest": "2025-03-06T11:30:00-05:00",
        "latest": "2025-03-06T14:00:00-05:00",
    }
    assert answers[1]["duration_minutes"] == 60


def test_now_without_offset_is_read_in_the_zone() -> None:
    result = runner.invoke(
        app, ["when", "in 1 hour", "--now", "2025-03-05T09:00", "--tz", "Europe/Berlin", "--json"]
    )
    assert json.loads(result.output)["start"] == "2025-03-05T10:00:00+01:00"


def test_stdin_json_lines_one_answer_per_line() -> None:
    lines = [
        {"text": "tomorrow at noon", "now": NOW, "tz": "America/New_York"},
        {"text": "tomorrow at noon", "now": "2025-03-05T09:00:00+09:00", "tz": "Asia/Tokyo"},
        {"text": "every other Tuesday at 3pm"},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\n\n"
    result = runner.invoke(
        app, ["when", "-", "--now", NOW, "--tz", "America/New_York"], input=stdin
    )
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["start"] for a in answers] == [
        "2025-03-06T12:00:00-05:00",
        "2025-03-06T12:00:00+09:00",
        "2025-03-11T15:00:00-04:00",
    ]
    assert answers[2]["rrule"] == "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


def test_stdin_bad_lines_get_an_error_answer_in_place() -> None:
    stdin = 'not json\n{"no_text": 1}\n{"text": "tomorrow", "tz": "Nowhere/Land"}\n{"text": "tomorrow"}\n'
    result = runner.invoke(
        app, ["when", "-", "--now", NOW, "--tz", "America/New_York"], input=stdin
    )
    assert result.exit_code == 1
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a.get("line") for a in answers[:3]] == [1, 2, 3]
    assert "not a JSON object" in answers[0]["error"]
    assert '"text" string' in answers[1]["error"]
    assert "unknown time zone" in answers[2]["error"]
    assert answers[3]["window"]["earliest"] == "2025-03-06T09:00:00-05:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--now", "yesterday"], "ISO datetime"),
        (["--tz", "Nowhere/Land"], "unknown time zone"),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["when", "tomorrow", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_no_text_is_a_usage_error() -> None:
    assert runner.invoke(app, ["when"]).exit_code == 2


def test_parse_now_defaults_to_the_current_time_in_the_zone() -> None:
    assert parse_now(None, "Asia/Tokyo").utcoffset() is not None


def test_parse_now_rejects_garbage() -> None:
    with pytest.raises(WhenInputError):
        parse_now("3pm", "UTC")


def test_run_lines_writes_nothing_for_blank_input() -> None:
    out = io.StringIO()
    assert run_lines(["", "  "], NOW, "UTC", out) == 0
    assert out.getvalue() == ""
