"""The tracker's tables (SQLAlchemy 2 Core): requests and their append-only history.

The deadline and status of a request are never stored as hand-edited fields:
they are derived from its events by the deadline engine (dsar.deadlines). The
`due_on`, `attention_on` and `derived_stamp` columns are a recomputable cache
of that derivation, refreshed in the same transaction as every event logged
(see dsar.tracker.derived), so `dsar due` can find what needs attention with an
index instead of assessing every request.

The migrations in dsar/tracker/migrations build exactly these tables; a test
checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)

metadata = MetaData()

ONE_OPEN = "client_reference IS NOT NULL AND closed = false AND duplicate_of IS NULL"

requests = Table(
    "requests",
    metadata,
    # the ref shown to users is made from this id: R-000123 (see dsar.tracker.refs)
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("requester", Text, nullable=False),
    Column("controller_id", String(100), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("regimes", String(100), nullable=False),  # comma-joined, e.g. "uk-gdpr"
    Column("nation", String(40), nullable=False),
    Column("created", Date, nullable=False),
    Column("client_reference", Text, nullable=True),
    Column("key", String(400), nullable=True),  # idempotency key (unique)
    # derived cache (migration 0002): recomputed from the events, never set by hand
    Column("due_on", Date, nullable=True),
    Column("attention_on", Date, nullable=True),
    Column("derived_stamp", String(100), nullable=True),
    # one open request per client, organisation and kind (migration 0004): `closed` is set when
    # a `closed` event is logged; `duplicate_of` marks the extra open ones older trackers made
    Column("closed", Boolean, nullable=False, server_default=false()),
    Column("duplicate_of", Integer, nullable=True),
    UniqueConstraint("key", name="uq_requests_key"),
    Index("ix_requests_attention_on", "attention_on"),
    Index("ix_requests_controller_id", "controller_id"),
    Index("uq_requests_one_open", "client_reference", "controller_id", "kind", unique=True,
          sqlite_where=text(ONE_OPEN), postgresql_where=text(ONE_OPEN)),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", Integer, ForeignKey("requests.id"), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("on", Date, nullable=False),
    Column("via", String(40), nullable=True),
    Column("note", Text, nullable=True),
    Column("files", JSON, nullable=False),
    Column("data", JSON, nullable=False),
    Column("logged_at", DateTime(timezone=True), nullable=False),
    Index("ix_events_request_id", "request_id"),
)

# where a request's sender details came from (migration 0003; dsar.tracker.senders)
request_senders = Table(
    "request_senders",
    metadata,
    Column("request_id", Integer, ForeignKey("requests.id"), primary_key=True),
    Column("sender", JSON, nullable=False),
)

meta = Table(
    "tracker_meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

# Contact facts recorded by the organisation itself (migration 0005): append-only history,
# the newest row per (controller_id, contacts, field) is in use; value NULL = unset
local_facts = Table(
    "local_facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("controller_id", String(100), nullable=False),
    Column("contacts", String(20), nullable=False),
    Column("field", String(40), nullable=False),
    Column("value", JSON, nullable=True),
    Column("source", Text, nullable=True),
    Column("read_on", Date, nullable=True),
    Column("note", Text, nullable=True),
    Column("set_by", Text, nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
    Index("ix_local_facts_key", "controller_id", "contacts", "field"),
)
