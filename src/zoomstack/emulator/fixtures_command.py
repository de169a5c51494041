"""`zoomstack data import|export DIR`: move emulator state to and from a data folder."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..config import EmulatorSettings

# The emulator's store and models load once a command runs, so the CLI starts light.
if TYPE_CHECKING:
    from .state import Emulator

app = typer.Typer(help="Import or export emulator state as a data/ folder.", no_args_is_help=True)

DbOption = Annotated[
    str, typer.Option(help="sqlite:///path or postgresql://... (default: the emulator's)")
]


async def _with_emulator(
    db: str, work: Callable[[Emulator], Awaitable[dict[str, int]]]
) -> dict[str, int]:
    from .state import Emulator
    from .store import open_store

    settings = EmulatorSettings(**({"db": db} if db else {}))  # type: ignore[arg-type]
    store = await open_store(settings.database_url())
    try:
        return await work(Emulator(settings=settings, store=store))
    finally:
        await store.close()


def _report(verb: str, counts: dict[str, int], folder: Path) -> None:
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()) if n)
    typer.echo(f"{verb} {parts or 'nothing'} ({folder})")


@app.command("export")
def export_command(folder: Path, db: DbOption = "") -> None:
    """Write every account, user, meeting (with its instances) and resource to FOLDER."""
    from .fixtures import export_data

    counts = asyncio.run(_with_emulator(db, lambda emu: export_data(emu, folder)))
    _report("exported", counts, folder)


@app.command("import")
def import_command(folder: Path, db: DbOption = "") -> None:
    """Add FOLDER's accounts, users and meetings (older mock layout or ours) to the store."""
    from .accounts import ensure_default_account
    from .fixtures import FixtureError, import_data
    from .links import settle_link_base
    from .store import ConflictError

    async def work(emu: Emulator) -> dict[str, int]:
        await settle_link_base(emu)  # what it makes and what is there share one base
        counts = await import_data(emu, folder)
        await ensure_default_account(emu)
        return counts

    try:
        counts = asyncio.run(_with_emulator(db, work))
    except FixtureError as exc:
        typer.echo(f"cannot import: {exc}", err=True)
        raise typer.Exit(1) from None
    except ConflictError as exc:
        typer.echo(f"cannot import: the store already holds {exc}", err=True)
        raise typer.Exit(1) from None
    _report("imported", counts, folder)
