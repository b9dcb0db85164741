"""One open request per (client reference, organisation, kind), enforced by the database.

A batch re-run from an edited sheet, or a second sheet sharing clients (any
folder, any machine on one PostgreSQL tracker), must reuse a client's open
request instead of tracking it twice. `requests.closed` is set when a `closed`
event is logged; a unique partial index on (client_reference, controller_id,
kind) over the rows that have a client reference and are not closed makes a
second open one impossible, even for two machines racing.

Trackers made before this had no such rule and may already hold several open
requests for one client, organisation and kind: the oldest stays indexed, the
others are marked `duplicate_of` the oldest (they stay open and listed; the
history is append-only, so nothing is removed) and are left out of the index.

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WHERE = "client_reference IS NOT NULL AND closed = false AND duplicate_of IS NULL"


def upgrade() -> None:
    # plain ALTER TABLE ... ADD COLUMN (no table copy: events refer to requests)
    op.add_column("requests", sa.Column("closed", sa.Boolean, nullable=False,
                                        server_default=sa.false()))
    op.add_column("requests", sa.Column("duplicate_of", sa.Integer, nullable=True))
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE requests SET closed = true WHERE id IN "
        "(SELECT request_id FROM events WHERE kind = 'closed')"
    ))
    conn.execute(sa.text(
        "UPDATE requests SET duplicate_of = (SELECT MIN(o.id) FROM requests o "
        " WHERE o.client_reference = requests.client_reference "
        " AND o.controller_id = requests.controller_id AND o.kind = requests.kind "
        " AND o.closed = false) "
        "WHERE client_reference IS NOT NULL AND closed = false AND id > (SELECT MIN(o.id) "
        " FROM requests o WHERE o.client_reference = requests.client_reference "
        " AND o.controller_id = requests.controller_id AND o.kind = requests.kind "
        " AND o.closed = false)"
    ))
    op.create_index(
        "uq_requests_one_open", "requests", ["client_reference", "controller_id", "kind"],
        unique=True, sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE),
    )


def downgrade() -> None:
    op.drop_index("uq_requests_one_open", "requests")
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("duplicate_of")
        batch.drop_column("closed")
