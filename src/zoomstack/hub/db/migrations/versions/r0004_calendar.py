"""Calendar feeds and calendar events (hub, imported iCalendar, Zoom meetings booked).

Revision ID: 0004
Revises: 0003
Create Date: 2025-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zoomstack.hub.db.base import JSONType, UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def _user(table: str) -> sa.Column[str]:
    fk = sa.ForeignKey("users.id", ondelete="CASCADE", name=op.f(f"fk_{table}_user_id_users"))
    return sa.Column("user_id", sa.String(32), fk, nullable=False)


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.String(32), nullable=False),
        _user("calendar_feeds"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("user_id", "name", name="uq_calendar_feeds_user_name"),
    )
    _create_events()


def _create_events() -> None:
    feed_fk = sa.ForeignKey(
        "calendar_feeds.id",
        ondelete="CASCADE",
        name=op.f("fk_calendar_events_feed_id_calendar_feeds"),
    )
    op.create_table(
        "calendar_events",
        sa.Column("id", sa.String(32), nullable=False),
        _user("calendar_events"),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("feed_id", sa.String(32), feed_fk, nullable=True),
        sa.Column("uid", sa.String(255), nullable=False),
        sa.Column("recurrence_id", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("location", sa.String(500), nullable=False),
        sa.Column("start_at", UTCDateTime(), nullable=False),
        sa.Column("end_at", UTCDateTime(), nullable=False),
        sa.Column("last_end_at", UTCDateTime(), nullable=True),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("rrule", sa.Text(), nullable=True),
        sa.Column("exdates", JSONType, nullable=False),
        sa.Column("attendees", JSONType, nullable=False),
        sa.Column("organizer", sa.String(320), nullable=False),
        sa.Column("busy", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.String(64), nullable=True),
        sa.Column("join_url", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_events")),
        sa.UniqueConstraint(
            "user_id", "uid", "recurrence_id", name="uq_calendar_events_user_uid_recurrence"
        ),
    )
    op.create_index("ix_calendar_events_user_start", "calendar_events", ["user_id", "start_at"])
    op.create_index(op.f("ix_calendar_events_feed_id"), "calendar_events", ["feed_id"])
    op.create_index(op.f("ix_calendar_events_meeting_id"), "calendar_events", ["meeting_id"])


def downgrade() -> None:
    op.drop_table("calendar_events")
    op.drop_table("calendar_feeds")
