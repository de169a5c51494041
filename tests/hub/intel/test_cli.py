from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from zoomstack.cli import app

runner = CliRunner()


def test_summarize_files_prints_a_report(standup_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "intel",
            "summarize",
            str(standup_path),
            str(standup_path),
            "--meeting-date",
            "2024-03-06",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.count(f"== {standup_path}") == 2
    for heading in ("Overview", "Key points", "Decisions", "Action items", "Participants"):
        assert heading in result.output
    assert "Bob Jones: fix the build  due 2024-03-08 (by Friday)" in result.output
    assert '"Alice will send the deck to the board next Tuesday."' in result.output


def test_summarize_json_one_object_per_file(standup_path: Path) -> None:
    result = runner.invoke(
        app, ["intel", "summarize", str(standup_path), "--meeting-date", "2024-03-06", "--json"]
    )
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    data = json.loads(line)
    assert data["action_items"][2]["due_date"] == "2024-03-12"
    assert data["action_items"][2]["source"]["text"].startswith("Alice will send the deck")
    assert {p["speaker"] for p in data["participants"]} == {"Alice Smith", "Bob Jones", "Carol"}


def test_json_lines_from_stdin(standup_path: Path, standup_vtt: str) -> None:
    lines = [
        json.dumps({"vtt": standup_vtt, "meeting_date": "2024-03-06"}),
        json.dumps({"path": str(standup_path)}),
        "",
        "not json",
        json.dumps({"vtt": "no header"}),
        json.dumps({"text": "neither vtt nor path"}),
    ]
    result = runner.invoke(
        app, ["intel", "summarize", "-", "--meeting-date", "2024-03-07"], input="\n".join(lines)
    )
    assert result.exit_code == 1
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert len(answers) == 5
    assert answers[0]["action_items"][0]["due_date"] == "2024-03-08"
    assert answers[1]["meeting_date"] == "2024-03-07"  # the option is the default
    assert answers[1]["action_items"][0]["due_date"] == "2024-03-08"
    assert answers[2]["line"] == 4 and "JSON" in answers[2]["error"]
    assert "WEBVTT" in answers[3]["error"]
    assert '"vtt"' in answers[4]["error"]


def test_a_bad_file_is_reported_and_the_rest_still_run(standup_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_text("this is not a transcript")
    missing = tmp_path / "missing.vtt"
    result = runner.invoke(
        app, ["intel", "summarize", str(bad), str(missing), str(standup_path), "--json"]
    )
    assert result.exit_code == 1
    assert f"{bad}: not a WebVTT transcript" in result.stderr
    assert f"cannot read {missing}" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_bad_meeting_date_is_a_usage_error(standup_path: Path) -> None:
    result = runner.invoke(
        app, ["intel", "summarize", str(standup_path), "--meeting-date", "Friday"]
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
