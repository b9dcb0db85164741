"""The first schema: requests and their append-only events.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("requester", sa.Text, nullable=False),
        sa.Column("controller_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("regimes", sa.String(100), nullable=False),
        sa.Column("nation", sa.String(40), nullable=False),
        sa.Column("created", sa.Date, nullable=False),
        sa.Column("client_reference", sa.Text, nullable=True),
        sa.Column("key", sa.String(400), nullable=True),
        sa.UniqueConstraint("key", name="uq_requests_key"),
    )
    op.create_index("ix_requests_controller_id", "requests", ["controller_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.Integer, sa.ForeignKey("requests.id"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("via", sa.String(40), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_events_request_id", "events", ["request_id"])


def downgrade() -> None:
    op.drop_index("ix_events_request_id", "events")
    op.drop_table("events")
    op.drop_index("ix_requests_controller_id", "requests")
    op.drop_table("requests")
