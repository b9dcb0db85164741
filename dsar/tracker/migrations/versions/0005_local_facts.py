"""Contact facts an organisation records itself (`dsar controllers set`), with their history.

Append-only: every `set` and `unset` adds a row and none is changed or removed, so two
colleagues setting the same fact at once both stay in the history; the newest row of a
(controller, contacts, field) is the one in use, and a row with no value is an unset.

Revision ID: 0005
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "local_facts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("controller_id", sa.String(100), nullable=False),
        sa.Column("contacts", sa.String(20), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("value", sa.JSON, nullable=True),
        sa.Column("source", sa.Text, nullable=True),
        sa.Column("read_on", sa.Date, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("set_by", sa.Text, nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_local_facts_key", "local_facts", ["controller_id", "contacts", "field"])


def downgrade() -> None:
    op.drop_index("ix_local_facts_key", "local_facts")
    op.drop_table("local_facts")
