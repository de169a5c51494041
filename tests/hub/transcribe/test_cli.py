"""`zoomstack transcribe`: WebVTT beside the file, figures as JSON, failures said per file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.hub.transcribe.conftest import SCRIPT_TEXT
from tests.hub.transcribe.test_job import word_error_rate
from zoomstack.cli import app
from zoomstack.hub.intel.vtt import parse_vtt


@pytest.mark.slow
def test_a_clip_and_a_broken_file(clip: Path, tmp_path: Path) -> None:
    good, bad = tmp_path / "planning.m4a", tmp_path / "broken.mp3"
    shutil.copy(clip, good)
    bad.write_bytes(b"ID3" + bytes(2000))
    ran = CliRunner().invoke(app, ["transcribe", str(good), str(bad), "--json"])
    assert ran.exit_code == 1, ran.output
    lines = [json.loads(line) for line in ran.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(good), str(bad)]
    assert word_error_rate(SCRIPT_TEXT, lines[0]["text"]) <= 0.25
    assert lines[0]["x_real_time"] > 0 and lines[0]["vtt"] == str(good.with_suffix(".vtt"))
    assert parse_vtt(good.with_suffix(".vtt").read_text()).cues
    assert "cannot" in lines[1]["error"]
