"""`zoomstack up` on the command line: its options, its alias, what it prints."""

from __future__ import annotations

from rich.console import Console
from typer.testing import CliRunner

from zoomstack.cli import app
from zoomstack.up import Stack
from zoomstack.up.command import banner


def test_up_and_its_alias_run_take_the_same_options() -> None:
    runner = CliRunner()
    for name in ("up", "run"):
        shown = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"})
        assert shown.exit_code == 0, shown.output
        for option in ("--port", "--hub-port", "--data-dir", "--sync-days", "--simulate-every"):
            assert option in shown.output


def test_the_banner_names_every_address_and_the_demo_credentials(stack: Stack) -> None:
    console = Console(record=True, width=200)
    console.print(banner(stack))
    text = console.export_text()
    for line in (
        f"{stack.hub_url}/app",
        f"{stack.hub_url}/docs",
        f"{stack.emulator_url}/v2",
        f"{stack.emulator_url}/docs",
        f"{stack.emulator_url}/_emulator/health",
        "demo@zoomstack.local / zoomstack-demo",
        "X-API-Key: zsk_demo_zoomstack_local_api_key",
        "client zoomstack-demo-client",
    ):
        assert line in text
