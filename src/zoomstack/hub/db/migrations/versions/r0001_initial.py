"""Users, API tokens, recordings and Zoom tokens.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zoomstack.hub.db.base import JSONType, UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _timestamps() -> list[sa.Column[sa.DateTime]]:
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    ]


def _owner(table: str) -> sa.Column[str]:
    return sa.Column(
        "user_id",
        sa.String(32),
        sa.ForeignKey("users.id", ondelete="CASCADE", name=op.f(f"fk_{table}_user_id_users")),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(32), nullable=False),
        _owner("api_tokens"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])
    _create_recordings()
    op.create_table(
        "zoom_tokens",
        sa.Column("id", sa.String(32), nullable=False),
        _owner("zoom_tokens"),
        sa.Column("access_token_encrypted", sa.Text(), nullable=False),
        sa.Column("refresh_token_encrypted", sa.Text(), nullable=True),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("account_id", sa.String(64), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zoom_tokens")),
        sa.UniqueConstraint("user_id", name=op.f("uq_zoom_tokens_user_id")),
    )


def _create_recordings() -> None:
    op.create_table(
        "recordings",
        sa.Column("recording_id", sa.String(32), nullable=False),
        _owner("recordings"),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(300), nullable=True),
        sa.Column("meeting_id", sa.String(64), nullable=True),
        sa.Column("meeting_uuid", sa.String(128), nullable=True),
        sa.Column("meeting_title", sa.String(300), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("file_type", sa.String(16), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("file_size", sa.BigInteger(), nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("storage_key", sa.String(600), nullable=False),
        sa.Column("file_url", sa.Text(), nullable=True),
        sa.Column("processing_status", sa.String(16), nullable=False),
        sa.Column("transcription_text", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("action_items", JSONType, nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("recording_id", name=op.f("pk_recordings")),
        sa.UniqueConstraint("user_id", "external_id", name="uq_recordings_user_external"),
    )
    op.create_index(op.f("ix_recordings_meeting_id"), "recordings", ["meeting_id"])
    op.create_index(
        "ix_recordings_user_created", "recordings", ["user_id", "created_at", "recording_id"]
    )


def downgrade() -> None:
    op.drop_table("zoom_tokens")
    op.drop_table("recordings")
    op.drop_table("api_tokens")
    op.drop_table("users")
