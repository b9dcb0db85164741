"""Contact facts an organisation records itself, kept in the tracker database with their history.

`dsar controllers set` adds a row here; `unset` adds a row with no value. Rows are never
changed or removed, so when two colleagues set the same fact at once (PostgreSQL team
mode) neither is lost: the later one is in use and both are in `history`. One person's
facts stay in their own SQLite tracker; a team's are shared through its PostgreSQL one.

`local_directory(directory, db)` is the directory with these facts applied, which is
what every command uses (see dsar.cli.state.Settings.directory).
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from dsar.tracker.store import _day, _moment

if TYPE_CHECKING:
    from dsar.directory.loading import Directory
    from dsar.tracker.store import Tracker


@dataclass(frozen=True)
class LocalFact:
    """One row of the history: a fact set (value given) or unset (value None)."""

    id: int
    controller_id: str
    contacts: str  # "access" or "erasure"
    field: str  # address, postcode, email, online_form, phone, id_required
    value: str | list[str] | None
    source: str | None
    read_on: date | None
    note: str | None
    set_by: str
    set_at: datetime


def user_name() -> str:
    """Who is setting a fact: the system user name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def record(tracker: Tracker, *, controller_id: str, contacts: str, field: str,
           value: str | list[str] | None, source: str | None = None, read_on: date | None = None,
           note: str | None = None, set_by: str | None = None,
           at: datetime | None = None) -> LocalFact:
    """Add one row (a set, or an unset when `value` is None) and return it."""
    from sqlalchemy import insert

    from dsar.tracker.models import local_facts

    row = {"controller_id": controller_id, "contacts": contacts, "field": field, "value": value,
           "source": source, "read_on": read_on, "note": note,
           "set_by": set_by or user_name(), "set_at": at or datetime.now(UTC)}
    with tracker._write() as conn, conn.begin():
        new_id = conn.execute(insert(local_facts).values(**row)).inserted_primary_key[0]  # type: ignore[index]
    return LocalFact(id=int(new_id), **row)  # type: ignore[arg-type]


def history(tracker: Tracker, controller_id: str | None = None) -> list[LocalFact]:
    """Every row, oldest first (by when it was set, then by id)."""
    from sqlalchemy import select

    from dsar.tracker.models import local_facts as t

    query = select(t).order_by(t.c.set_at, t.c.id)
    if controller_id is not None:
        query = query.where(t.c.controller_id == controller_id)
    with tracker.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [LocalFact(id=r["id"], controller_id=r["controller_id"], contacts=r["contacts"],
                      field=r["field"], value=r["value"], source=r["source"],
                      read_on=_day(r["read_on"]) if r["read_on"] is not None else None,
                      note=r["note"], set_by=r["set_by"],
                      set_at=_moment(r["set_at"]) or datetime.now(UTC))
            for r in rows]


def current(tracker: Tracker) -> list[LocalFact]:
    """The facts in use: the newest row of each (controller, contacts, field), unless an unset."""
    newest: dict[tuple[str, str, str], LocalFact] = {}
    for fact in history(tracker):
        newest[(fact.controller_id, fact.contacts, fact.field)] = fact
    return [f for f in newest.values() if f.value is not None]


def requests_per_controller(tracker: Tracker) -> dict[str, int]:
    """How many tracked requests each organisation has (to list the most used first)."""
    from sqlalchemy import func, select

    from dsar.tracker.models import requests

    with tracker.engine.connect() as conn:
        rows = conn.execute(select(requests.c.controller_id, func.count())
                            .group_by(requests.c.controller_id)).all()
    return {str(cid): int(n) for cid, n in rows}


def tracker_exists(db: str | None) -> bool:
    """False for a SQLite tracker file not made yet: reading facts never creates one."""
    from pathlib import Path

    from dsar.tracker.database import _target

    target = _target(db)
    return not isinstance(target, Path) or target.exists()


def local_directory(directory: Directory, db: str | None) -> Directory:
    """`directory` with the organisation's own facts from the tracker at `db` applied."""
    from dsar.directory.local import apply
    from dsar.tracker.store import Tracker

    if not tracker_exists(db):
        return directory
    with Tracker.open(db) as tracker:
        facts = current(tracker)
    return apply(directory, facts) if facts else directory
