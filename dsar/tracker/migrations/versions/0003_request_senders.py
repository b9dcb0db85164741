"""Where each request's sender details came from, so follow-ups need no --profile.

One row per request that has one: {"profile": "/abs/path/me.toml"} (the saved profile a
letter was made from, by `dsar generate` or `dsar new`), or {"block": {...}} (the sender
block itself, e.g. a batch client's details with the organisation as representative,
plus the batch's "signatory"). A table of its own, read only for the requests asked
about, keeps `dsar due` over many requests as fast as before. Issue 11 items 5 and 11.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_senders",
        sa.Column("request_id", sa.Integer, sa.ForeignKey("requests.id"), primary_key=True),
        sa.Column("sender", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("request_senders")
