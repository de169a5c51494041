"""Alembic environment: runs on the connection `zoomstack.hub.db.migrate` hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from zoomstack.hub.db import models  # noqa: F401  (registers the tables)
from zoomstack.hub.db.base import Base


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the hub's migrations through zoomstack.hub.db.migrate.upgrade")
run_migrations(connection)
