"""Transcriptions of recordings without a transcript, and their finished chunks.

Revision ID: 0005
Revises: 0004
Create Date: 2025-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zoomstack.hub.db.base import JSONType, UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _recording_fk(column: str, ondelete: str) -> sa.ForeignKey:
    name = op.f(f"fk_transcriptions_{column}_recordings")
    return sa.ForeignKey("recordings.recording_id", ondelete=ondelete, name=name)


def upgrade() -> None:
    user_fk = sa.ForeignKey(
        "users.id", ondelete="CASCADE", name=op.f("fk_transcriptions_user_id_users")
    )
    op.create_table(
        "transcriptions",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(32), user_fk, nullable=False),
        sa.Column("recording_id", sa.String(32), _recording_fk("recording_id", "CASCADE"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=False),
        sa.Column("seconds_done", sa.Float(), nullable=False),
        sa.Column("chunks_done", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.String(32), _recording_fk("transcript_id", "SET NULL"), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transcriptions")),
        sa.UniqueConstraint("recording_id", name=op.f("uq_transcriptions_recording_id")),
    )  # fmt: skip
    op.create_index(op.f("ix_transcriptions_user_id"), "transcriptions", ["user_id"])
    _create_chunks()


def _create_chunks() -> None:
    parent = sa.ForeignKey(
        "transcriptions.id",
        ondelete="CASCADE",
        name=op.f("fk_transcription_chunks_transcription_id_transcriptions"),
    )
    op.create_table(
        "transcription_chunks",
        sa.Column("transcription_id", sa.String(32), parent, nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("start_seconds", sa.Float(), nullable=False),
        sa.Column("end_seconds", sa.Float(), nullable=False),
        sa.Column("end_sample", sa.BigInteger(), nullable=False),
        sa.Column("cues", JSONType, nullable=False),
        sa.PrimaryKeyConstraint("transcription_id", "index", name=op.f("pk_transcription_chunks")),
    )


def downgrade() -> None:
    op.drop_table("transcription_chunks")
    op.drop_table("transcriptions")
