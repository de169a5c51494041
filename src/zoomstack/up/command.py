"""`zoomstack up` (and `make run`): the whole system on this machine, with demo data.

The emulator on :8000 (seeded once, deterministically), the hub on :8080 as its
Server-to-Server app with a webhook subscription, the demo user, a first sync with a
progress bar, and the meeting simulator. Ctrl-C stops everything, the hub first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from .. import eventloop
from ..config import default_data_dir

# The servers, the hub's services and their imports load once the command runs, so
# `zoomstack --help` stays quick.
if TYPE_CHECKING:
    from .stack import Stack, UpConfig

# Defaults of `up` that differ from each app's own, unless the environment says otherwise:
# recordings that speak their transcripts (playable in the dashboard, small to sync),
# and a quiet hub log, so the terminal shows the progress and the simulator.
ENV_DEFAULTS = {
    "ZOOMSTACK_EMULATOR_MEDIA": "auto",
    "ZOOMSTACK_EMULATOR_SPEECH_MAX_MINUTES": "120",
    "ZOOMSTACK_HUB_LOG_LEVEL": "warning",
    "ZOOMSTACK_HUB_LOG_JSON": "false",
}


def up(
    host: Annotated[str, typer.Option(help="interface both servers listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port of the emulator (Zoom's API)")] = 8000,
    hub_port: Annotated[int, typer.Option(help="port of the hub and its dashboard")] = 8080,
    data_dir: Annotated[
        Path | None, typer.Option(help="where both keep their state (default ./.zoomstack)")
    ] = None,
    seed: Annotated[int, typer.Option(help="seed of the demo data")] = 42,
    demo_users: Annotated[int, typer.Option(min=0, help="demo users seeded on first start")] = 8,
    demo_meetings: Annotated[int, typer.Option(min=0, help="meetings per demo user")] = 6,
    sync_days: Annotated[int, typer.Option(min=1, help="days of recordings the hub syncs")] = 7,
    simulate_every: Annotated[
        float, typer.Option(min=0, help="seconds between simulated meetings; 0: none")
    ] = 180.0,
) -> None:
    """Start the emulator and the hub together, wired to each other, with demo data."""
    from .stack import UpConfig

    for name, value in ENV_DEFAULTS.items():
        os.environ.setdefault(name, value)
    config = UpConfig(
        data_dir=(data_dir or default_data_dir()).resolve(),
        host=host,
        emulator_port=port,
        hub_port=hub_port,
        seed=seed,
        demo_users=demo_users,
        demo_meetings=demo_meetings,
        sync_days=sync_days,
        simulate_every=simulate_every,
    )
    console = Console(stderr=True)
    with eventloop.runner() as runner:
        try:
            runner.run(main(config, console))
        except OSError as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None


def banner(stack: Stack) -> Table:
    hub, emulator = stack.hub, stack.emulator
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("Dashboard", f"{stack.hub_url}/app")
    grid.add_row(
        "  sign in", f"{hub.demo_email} / {hub.demo_password.get_secret_value()}"
    )  # the demo account's own password, meant to be shown
    grid.add_row("Hub API docs", f"{stack.hub_url}/docs")
    grid.add_row("  API key", f"X-API-Key: {hub.demo_api_key.get_secret_value()}")
    grid.add_row("Zoom emulator", f"{stack.emulator_url}/v2   (docs {stack.emulator_url}/docs)")
    grid.add_row("Control plane", f"{stack.emulator_url}/_emulator/health")
    grid.add_row(
        "  S2S app",
        f"account {emulator.account_id}  client {emulator.client_id}  "
        f"secret {emulator.client_secret.get_secret_value()}",
    )
    grid.add_row("Data", str(emulator.data_dir))
    return grid


async def main(config: UpConfig, console: Console) -> None:
    from .stack import running

    async with running(config) as stack:
        console.print("\n[bold green]zoomstack is up[/bold green]")
        console.print(banner(stack))
        console.print("Ctrl-C stops both.\n")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        work = asyncio.create_task(background_work(stack, config, console))
        try:
            await stop.wait()
        finally:
            console.print("stopping ...")
            quiet_shutdown()
            work.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await work
    console.print("stopped.")


async def background_work(stack: Stack, config: UpConfig, console: Console) -> None:
    """The first sync and, beside it, the simulator, for as long as the stack runs."""
    async with asyncio.TaskGroup() as group:
        group.create_task(first_sync(stack, config, console))
        if config.simulate_every > 0:
            group.create_task(simulate(stack, config, console))


async def first_sync(stack: Stack, config: UpConfig, console: Console) -> None:
    from .initial import initial_sync_with_bar

    report = await initial_sync_with_bar(stack, days=config.sync_days, console=console)
    counts = report.counts
    console.print(
        f"first sync done: {report.upcoming_imported} upcoming meetings, "
        f"{counts.files_settled - counts.files_failed} files stored"
        + (f", {counts.files_failed} failed" if counts.files_failed else "")
        + f", {counts.summaries_settled} summaries"
    )


async def simulate(stack: Stack, config: UpConfig, console: Console) -> None:
    import httpx

    from .simulator import Simulator

    async with httpx.AsyncClient(timeout=120.0) as http:
        simulator = Simulator(
            stack, http, every=config.simulate_every, seed=config.seed, say=console.print
        )
        await simulator.run()


def quiet_shutdown() -> None:
    """Work cut short by Ctrl-C (jobs, downloads in flight) is expected then: keep the
    libraries from printing each cancellation as an error."""
    for name in ("taskiq", "uvicorn.error"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
