"""`zoomstack coverage`: every operation of the shipped specs counted once, and the
counts agree with what the app's routes actually answer."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from zoomstack.cli import app as cli
from zoomstack.emulator import spec
from zoomstack.emulator.app import create_app
from zoomstack.emulator.coverage import GENERIC, HAND_WRITTEN, answers, rows, totals
from zoomstack.emulator.generic import owned_operations

runner = CliRunner()


def test_every_operation_is_counted_once_and_answered() -> None:
    found = answers(create_app())
    assert len(found) == len(spec.operations())
    total = totals(rows(found))
    assert total.operations == total.hand_written + total.generic + total.not_answered
    assert total.not_answered == 0
    hand = {f"{a.method} {a.path}" for a in found if a.how == HAND_WRITTEN}
    assert hand == owned_operations(create_app().routes)


def test_each_answer_names_its_module_or_role() -> None:
    by_id = {a.operation_id: a for a in answers(create_app())}
    assert (by_id["user"].how, by_id["user"].by) == (HAND_WRITTEN, "users")
    assert (by_id["trackingfieldCreate"].how, by_id["trackingfieldCreate"].by) == (
        GENERIC,
        "create",
    )
    assert by_id["getZRAccountSettings"].by == "view"


def test_command_prints_a_table_and_json() -> None:
    table = runner.invoke(cli, ["coverage"])
    assert table.exit_code == 0, table.output
    assert "team-chat" in table.output and table.output.strip().splitlines()[-1].startswith("total")
    out = runner.invoke(cli, ["coverage", "--json", "--details"])
    assert out.exit_code == 0, out.output
    figures = json.loads(out.output)
    assert figures["totals"]["operations"] == len(spec.operations())
    assert sum(f["operations"] for f in figures["families"]) == len(spec.operations())
    assert {f["family"] for f in figures["families"]} == set(spec.families())
    assert len(figures["operations"]) == len(spec.operations())
