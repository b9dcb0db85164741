"""Alembic environment: runs on the connection `dsar.tracker.schema.upgrade` passes in.

Users never run Alembic themselves; `Tracker.open` upgrades the schema. A
developer adding a revision writes a new file in versions/ by hand (see the
existing ones) and the tests check it builds the tables in models.py.
"""

from __future__ import annotations

from alembic import context

from dsar.tracker.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("dsar migrations run through dsar.tracker.schema.upgrade, with a connection")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
