"""A recomputable cache of each request's deadline, and the tracker's own id.

`due_on` and `attention_on` are derived from the events by the deadline engine;
rows upgraded from 0001 have `derived_stamp` NULL, so `Tracker.open` recomputes
them from their history right after this migration. `tracker_meta.tracker_id`
makes calendar UIDs unique to this tracker.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("due_on", sa.Date, nullable=True))
        batch.add_column(sa.Column("attention_on", sa.Date, nullable=True))
        batch.add_column(sa.Column("derived_stamp", sa.String(100), nullable=True))
    op.create_index("ix_requests_attention_on", "requests", ["attention_on"])
    meta = op.create_table(
        "tracker_meta",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.bulk_insert(meta, [{"key": "tracker_id", "value": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("tracker_meta")
    op.drop_index("ix_requests_attention_on", "requests")
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("derived_stamp")
        batch.drop_column("attention_on")
        batch.drop_column("due_on")
