"""Sync runs and items (the durable state of background work); recordings.meeting_start.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zoomstack.hub.db.base import JSONType, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def _timestamps() -> list[sa.Column[sa.DateTime]]:
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    ]


def _user(table: str) -> sa.Column[str]:
    fk = sa.ForeignKey("users.id", ondelete="CASCADE", name=op.f(f"fk_{table}_user_id_users"))
    return sa.Column("user_id", sa.String(32), fk, nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("recordings") as batch:
        batch.add_column(sa.Column("meeting_start", UTCDateTime(), nullable=True))
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.String(32), nullable=False),
        _user("sync_runs"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("window_from", sa.Date(), nullable=False),
        sa.Column("window_to", sa.Date(), nullable=False),
        sa.Column("files_found", sa.Integer(), nullable=False),
        sa.Column("files_queued", sa.Integer(), nullable=False),
        sa.Column("retry_failed", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_runs")),
    )
    op.create_index(op.f("ix_sync_runs_user_id"), "sync_runs", ["user_id"])
    _create_items()


def _create_items() -> None:
    run_fk = sa.ForeignKey(
        "sync_runs.id", ondelete="SET NULL", name=op.f("fk_sync_items_run_id_sync_runs")
    )
    recording_fk = sa.ForeignKey(
        "recordings.recording_id",
        ondelete="SET NULL",
        name=op.f("fk_sync_items_recording_id_recordings"),
    )
    op.create_table(
        "sync_items",
        sa.Column("id", sa.String(32), nullable=False),
        _user("sync_items"),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(300), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("kicked_at", UTCDateTime(), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("run_id", sa.String(32), run_fk, nullable=True),
        sa.Column("recording_id", sa.String(32), recording_fk, nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("details", JSONType, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_items")),
        sa.UniqueConstraint("user_id", "external_id", name="uq_sync_items_user_external"),
    )
    op.create_index("ix_sync_items_status_next", "sync_items", ["status", "next_attempt_at"])
    op.create_index(op.f("ix_sync_items_run_id"), "sync_items", ["run_id"])


def downgrade() -> None:
    op.drop_table("sync_items")
    op.drop_table("sync_runs")
    with op.batch_alter_table("recordings") as batch:
        batch.drop_column("meeting_start")
