"""`zoomstack seed`: fill an emulator store with demo data, with a progress bar."""

from __future__ import annotations

import asyncio
import sys

import orjson
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..config import EmulatorSettings
from .accounts import ensure_default_account
from .clock import OFFSET_KEY, Clock
from .links import settle_link_base
from .seed import seed
from .state import Emulator
from .store import ConflictError, open_store


class AlreadySeeded(Exception):
    """The store already holds data this seed would create."""


async def _seed(
    settings: EmulatorSettings,
    users: int,
    meetings_per_user: int,
    seed_value: int,
    quiet: bool,
    owner_hosts: bool = False,
) -> dict[str, int]:
    store = await open_store(settings.database_url())
    try:
        offset = await store.meta_get(OFFSET_KEY)
        emu = Emulator(settings=settings, store=store, clock=Clock(float(offset or 0)))
        await ensure_default_account(emu)
        await settle_link_base(emu)  # what it makes and what is there share one base
        columns = (
            TextColumn("seeding meetings"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), disable=quiet) as bar:
            hosts = users + (1 if owner_hosts else 0)
            task = bar.add_task("seed", total=hosts * meetings_per_user)
            return await seed(
                emu, users=users, meetings_per_user=meetings_per_user, seed=seed_value,
                progress=lambda n: bar.advance(task, n), owner_hosts=owner_hosts,
            )  # fmt: skip
    except ConflictError as exc:
        raise AlreadySeeded(str(exc)) from exc
    finally:
        await store.close()


def run(*, users: int, meetings_per_user: int, seed_value: int, db: str, json_out: bool) -> int:
    """Seed the store `db` names (the configured one when empty); the exit status."""
    settings = EmulatorSettings(**({"db": db} if db else {}))  # type: ignore[arg-type]
    try:
        made = asyncio.run(_seed(settings, users, meetings_per_user, seed_value, json_out))
    except AlreadySeeded:
        print(
            f"the store already holds data from seed {seed_value}; "
            "use a fresh store or another --seed",
            file=sys.stderr,
        )
        return 1
    if json_out:
        sys.stdout.write(orjson.dumps(made).decode() + "\n")
        return 0
    table = Table("made", "count", caption=settings.database_url())
    for name, count in made.items():
        table.add_row(name.replace("_", " "), str(count))
    Console().print(table)
    return 0


DEMO_KEY = "demo_seed"


async def _ensure_demo(
    settings: EmulatorSettings, users: int, meetings_per_user: int, seed_value: int
) -> bool:
    store = await open_store(settings.database_url())
    try:
        if await store.meta_get(DEMO_KEY) is not None:
            return False
    finally:
        await store.close()
    await _seed(settings, users, meetings_per_user, seed_value, quiet=False, owner_hosts=True)
    store = await open_store(settings.database_url())
    try:
        await store.meta_set(DEMO_KEY, str(seed_value))
    finally:
        await store.close()
    return True


def ensure_demo_data(
    settings: EmulatorSettings, *, users: int, meetings_per_user: int, seed_value: int
) -> bool:
    """Seed the demo data once per store (later starts find it); True when it seeded now."""
    return asyncio.run(_ensure_demo(settings, users, meetings_per_user, seed_value))
