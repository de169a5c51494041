"""Meetings, meeting insights, OAuth states, webhook events; zoom_tokens.zoom_user_id.

Revision ID: 0003
Revises: 0002
Create Date: 2025-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zoomstack.hub.db.base import JSONType, UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
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
    with op.batch_alter_table("zoom_tokens") as batch:
        batch.add_column(
            sa.Column("zoom_user_id", sa.String(64), nullable=False, server_default="")
        )
        batch.alter_column("zoom_user_id", server_default=None)
        batch.create_index(op.f("ix_zoom_tokens_zoom_user_id"), ["zoom_user_id"])
    _create_meetings()
    _create_insights()
    _create_states()
    _create_webhook_events()


def _create_meetings() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(32), nullable=False),
        _user("meetings"),
        sa.Column("zoom_id", sa.String(32), nullable=False),
        sa.Column("uuid", sa.String(128), nullable=False),
        sa.Column("host_id", sa.String(64), nullable=False),
        sa.Column("topic", sa.String(300), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("type", sa.Integer(), nullable=False),
        sa.Column("start_time", UTCDateTime(), nullable=True),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("join_url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("zoom", JSONType, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("user_id", "zoom_id", name="uq_meetings_user_zoom"),
    )
    op.create_index(op.f("ix_meetings_zoom_id"), "meetings", ["zoom_id"])
    op.create_index("ix_meetings_user_created", "meetings", ["user_id", "created_at", "id"])


def _create_insights() -> None:
    recording_fk = sa.ForeignKey(
        "recordings.recording_id",
        ondelete="CASCADE",
        name=op.f("fk_meeting_insights_recording_id_recordings"),
    )
    op.create_table(
        "meeting_insights",
        sa.Column("id", sa.String(32), nullable=False),
        _user("meeting_insights"),
        sa.Column("recording_id", sa.String(32), recording_fk, nullable=False),
        sa.Column("meeting_id", sa.String(64), nullable=True),
        sa.Column("meeting_uuid", sa.String(128), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(32), nullable=False),
        sa.Column("insights", JSONType, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("processed_at", UTCDateTime(), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_insights")),
        sa.UniqueConstraint("recording_id", name="uq_meeting_insights_recording_id"),
    )
    op.create_index(
        "ix_meeting_insights_user_meeting", "meeting_insights", ["user_id", "meeting_id"]
    )


def _create_states() -> None:
    op.create_table(
        "oauth_states",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("state_hash", sa.String(64), nullable=False),
        _user("oauth_states"),
        sa.Column("code_verifier_encrypted", sa.Text(), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_states")),
        sa.UniqueConstraint("state_hash", name=op.f("uq_oauth_states_state_hash")),
    )
    op.create_index(op.f("ix_oauth_states_user_id"), "oauth_states", ["user_id"])


def _create_webhook_events() -> None:
    op.create_table(
        "webhook_events",
        sa.Column("event_key", sa.String(64), nullable=False),
        sa.Column("event", sa.String(100), nullable=False),
        sa.Column("event_ts", sa.BigInteger(), nullable=False),
        sa.Column("signature_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("processed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("event_key", name=op.f("pk_webhook_events")),
    )
    op.create_index(op.f("ix_webhook_events_received_at"), "webhook_events", ["received_at"])


def downgrade() -> None:
    op.drop_table("webhook_events")
    op.drop_table("oauth_states")
    op.drop_table("meeting_insights")
    op.drop_table("meetings")
    with op.batch_alter_table("zoom_tokens") as batch:
        batch.drop_index(op.f("ix_zoom_tokens_zoom_user_id"))
        batch.drop_column("zoom_user_id")
