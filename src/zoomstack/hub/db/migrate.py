"""Alembic, run from code: the migrations ship inside the package, no alembic.ini.

Alembic loads only when there is something to migrate (or to report): a process that
opens a database already at the shipped head (`zoomstack sync`, a second hub worker)
checks that with one query and the revision ids read from the migration files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from .session import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"  # alembic's default, which env.py keeps
_REVISION = re.compile(r"""^revision(?:\s*:[^=\n]*)?\s*=\s*["']([\w-]+)["']\s*$""", re.M)
_DOWN_REVISION = re.compile(
    r"""^down_revision(?:\s*:[^=\n]*)?\s*=\s*(?:None|["']([\w-]+)["'])\s*$""", re.M
)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def shipped_head() -> str | None:
    """The head revision, read from the migration files' `revision` and `down_revision`
    lines; None unless each file names one of each plainly and they form one head (then
    only alembic can tell)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text()
        revision, down = _REVISION.findall(source), _DOWN_REVISION.findall(source)
        if path.name == "__init__.py" and not revision:
            continue
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0]:
            parents.add(down[0])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


async def stored_revision(db: Database) -> str | None:
    """The revision the database records, by one query; None if it records none."""
    try:
        async with db.engine.connect() as conn:
            found = await conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
            rows = list(found.scalars())
    except DBAPIError:  # no version table yet (or no schema): a new database
        return None
    return rows[0] if len(rows) == 1 else None


async def upgrade_if_behind(db: Database) -> None:
    """`upgrade(db)` unless the database is already at the shipped head."""
    head = shipped_head()
    if head is None or await stored_revision(db) != head:
        await upgrade(db)


async def upgrade(db: Database, revision: str = "head") -> None:
    """`alembic upgrade head` on the hub's database (creating its schema if named)."""
    if db.schema and db.engine.dialect.name == "postgresql":
        async with db.engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{db.schema}"'))
    async with db.engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)


async def downgrade(db: Database, revision: str) -> None:
    """`alembic downgrade REVISION` ("base" removes every hub table)."""
    async with db.engine.begin() as conn:
        await conn.run_sync(_downgrade, revision)


async def current_revision(db: Database) -> str | None:
    async with db.engine.connect() as conn:
        return await conn.run_sync(_current)


def _upgrade(conn: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def _downgrade(conn: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = conn
    command.downgrade(config, revision)


def _current(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()
