"""The Tracker: add requests, log what happened, and ask what is due (plain Python API).

    from dsar.tracker import Tracker
    with Tracker.open(None) as tracker:          # DSAR_DB, or the default SQLite file
        ref = tracker.add_request(controller_id="home-office", kind="access",
                                  requester="A. Example", regime=["uk-gdpr"],
                                  nation="england", created=date(2026, 11, 2))
        tracker.log(ref, "sent", date(2026, 11, 2), via="email")
        print(tracker.assess(ref, date(2026, 11, 26)).status)

History is append-only: `log` adds an event and never changes or removes one.
Deadlines and statuses come from the deadline engine (dsar.deadlines) applied
to the history; the `due_on`/`attention_on` columns are only a cache of that,
refreshed in the same transaction as each event (dsar.tracker.derived).
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from dsar.clock import today as clock_today
from dsar.errors import TrackerError
from dsar.tracker import derived
from dsar.tracker.refs import make_ref, parse_ref

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine, Row

    from dsar.deadlines import Assessment, Event


@dataclass(frozen=True)
class Entry:
    """One line of a request's history, as logged."""

    event: Event
    files: tuple[str, ...] = ()
    logged_at: datetime | None = None


@dataclass(frozen=True)
class TrackedRequest:
    ref: str
    controller_id: str
    kind: str
    regimes: tuple[str, ...]
    nation: str
    requester: str
    client_reference: str | None
    created: date
    key: str | None = None
    entries: tuple[Entry, ...] = field(default=(), repr=False)

    @property
    def events(self) -> list[Event]:
        """The history in the order it was logged (the engine reads the last `received` logged)."""
        return [entry.event for entry in self.entries]

    @property
    def files(self) -> list[str]:
        """Every file recorded with an event (letters drafted, replies saved...), in order."""
        return [name for entry in self.entries for name in entry.files]


class Tracker:
    """A tracker database. Open with `Tracker.open(db)`; use as a context manager or `close()`."""

    def __init__(self, engine: Engine, where: str) -> None:
        self.engine = engine
        self.where = where

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, db: str | None) -> Tracker:
        """Open (creating if needed) the tracker at `db` and upgrade its schema to the latest.

        `db`: None (DSAR_DB, else tracker.sqlite in the user's data folder), a file path
        (SQLite), or an SQLAlchemy URL (sqlite:///PATH, postgresql+psycopg://USER@HOST/DB).
        """
        from sqlalchemy.exc import DBAPIError

        from dsar.tracker import database, schema

        engine = database.engine_for(db)
        try:
            schema.upgrade(engine)
            tracker = cls(engine, database.describe(db))
            tracker.refresh_derived(stale_only=True)
        except DBAPIError as exc:
            engine.dispose()
            raise database.explain_failure(exc, db) from None
        except BaseException:
            engine.dispose()
            raise
        return tracker

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _write(self) -> Connection:
        from dsar.tracker.database import WRITE

        return self.engine.connect().execution_options(**{WRITE: True})

    # -- adding and logging --------------------------------------------------------------

    def add_request(self, *, controller_id: str, kind: str, requester: str, regime: Sequence[str],
                    nation: str, created: date, client_reference: str | None = None,
                    key: str | None = None, drafted: Sequence[str] | None = None) -> str:
        """Add a request and return its new ref (R-000123).

        `key` makes adding idempotent: adding again with a key already used returns the
        ref made the first time, and adds nothing. `drafted`: the files of a letter made
        for it, recorded as a `drafted` event dated `created` in the same transaction (so
        a request is never left half-recorded).
        """
        from sqlalchemy import insert, select
        from sqlalchemy.exc import IntegrityError

        from dsar.tracker.models import events, requests

        derived.check_request(kind=kind, regimes=regime, nation=nation)
        if not requester.strip():
            raise TrackerError("the requester's name is empty; give --requester NAME")
        values = {
            "requester": requester.strip(), "controller_id": controller_id, "kind": kind,
            "regimes": ",".join(regime), "nation": nation, "created": created,
            "client_reference": client_reference or None, "key": key,
        }
        by_key = select(requests.c.id).where(requests.c.key == key)
        try:
            with self._write() as conn, conn.begin():
                if key is not None and (found := conn.execute(by_key).scalar()) is not None:
                    return make_ref(found)
                inserted = conn.execute(insert(requests).values(**values)).inserted_primary_key
                assert inserted is not None
                row_id = int(inserted[0])
                if drafted is not None:
                    conn.execute(insert(events).values(
                        request_id=row_id, kind="drafted", on=created, via=None, note=None,
                        files=[str(f) for f in drafted], data={}, logged_at=datetime.now(UTC),
                    ))
                derived.refresh(conn, [row_id])
        except IntegrityError:
            # PostgreSQL: another process added the same key at the same moment
            with self.engine.connect() as conn:
                found = conn.execute(by_key).scalar()
            if key is None or found is None:
                raise
            return make_ref(found)
        return make_ref(row_id)

    def log(self, ref: str, event: str, on: date, *, via: str | None = None, note: str | None = None,
            files: Sequence[str] = (), data: Mapping[str, Any] | None = None,
            today: date | None = None) -> builtins.list[str]:
        """Append an event to a request's history; return warnings (events that look out of order).

        Unknown events or ways of sending, or a date after today, raise TrackerError; the
        history is never changed. An event that makes little sense after the history so far
        (say, id-provided with no id-requested) is recorded, and a warning says why it looks odd.
        """
        from sqlalchemy import insert, select

        from dsar.tracker.models import events, requests

        now = today or clock_today()
        derived.check_event(event, via)
        if on > now:
            raise TrackerError(
                f"{on.isoformat()} is after today ({now.isoformat()}); log events when they have happened"
            )
        payload = dict(data or {})
        try:
            json.dumps(payload)
        except (TypeError, ValueError):
            raise TrackerError("event data must be plain JSON values (text, numbers, lists)") from None
        row_id = parse_ref(ref)
        with self._write() as conn, conn.begin():
            # lock the request (PostgreSQL) so concurrent logs to it queue, not interleave
            locked = conn.execute(
                select(requests.c.id).where(requests.c.id == row_id).with_for_update()
            ).scalar()
            if locked is None:
                raise _no_such(ref)
            before = self._load(conn, [row_id])[row_id]
            conn.execute(insert(events).values(
                request_id=row_id, kind=event, on=on, via=via, note=note or None,
                files=[str(f) for f in files], data=payload, logged_at=datetime.now(UTC),
            ))
            derived.refresh(conn, [row_id])
        return derived.sequence_warnings(before, event, on)

    # -- reading -------------------------------------------------------------------------

    def get(self, ref: str) -> TrackedRequest:
        row_id = parse_ref(ref)
        with self.engine.connect() as conn:
            found = self._load(conn, [row_id])
        if row_id not in found:
            raise _no_such(ref)
        return found[row_id]

    def list(self, *, status: str | None = None, controller: str | None = None,
             today: date | None = None) -> builtins.list[TrackedRequest]:
        """Every request (oldest first), optionally only those with `status` today or at `controller`."""
        from sqlalchemy import select

        from dsar.tracker.models import requests

        if status is not None:
            derived.check_status(status)
        query = select(requests.c.id).order_by(requests.c.id)
        if controller is not None:
            query = query.where(requests.c.controller_id == controller)
        with self.engine.connect() as conn:
            ids = list(conn.execute(query).scalars())
            loaded = self._load(conn, ids)
        found = [loaded[i] for i in ids]
        if status is None:
            return found
        when = today or clock_today()
        return [r for r in found if derived.assess(r, when, explain=False).status == status]

    def assess(self, ref: str, today: date) -> Assessment:
        """The deadline engine's assessment of request `ref` on `today`, with its explanation."""
        return derived.assess(self.get(ref), today)

    def due(self, today: date, within: int | None, *,
            explain: bool = True) -> builtins.list[tuple[TrackedRequest, Assessment]]:
        """What needs attention by `today + within` days (None: whenever), most urgent first.

        Overdue deadlines, deadlines coming up, and requests waiting for the requester's move
        (send the letter, send ID, pay the fee, clarify, complain). Found through the indexed
        `attention_on` cache, then each candidate is assessed from its full history.
        """
        from sqlalchemy import select

        from dsar.tracker.models import requests

        query = select(requests.c.id).where(requests.c.attention_on.is_not(None))
        if within is not None:
            query = query.where(requests.c.attention_on <= today + timedelta(days=within))
        with self.engine.connect() as conn:
            ids = list(conn.execute(query).scalars())
            loaded = self._load(conn, ids)
        return derived.select_due(loaded.values(), today, within, explain=explain)

    def open_requests(self, today: date) -> builtins.list[tuple[TrackedRequest, Assessment]]:
        """Every request that may still need something (not answered or closed for good),
        assessed with its explanation: what the calendar export is made from."""
        from sqlalchemy import select

        from dsar.tracker.models import requests

        query = select(requests.c.id).where(requests.c.attention_on.is_not(None))
        with self.engine.connect() as conn:
            ids = list(conn.execute(query).scalars())
            loaded = self._load(conn, ids)
        items = [(request, derived.assess(request, today)) for request in loaded.values()]
        return sorted(items, key=derived.urgency)

    def tracker_id(self) -> str:
        """This tracker's own random id (made when the database was created), for calendar UIDs."""
        from sqlalchemy import select

        from dsar.tracker.models import meta

        with self.engine.connect() as conn:
            value = conn.execute(select(meta.c.value).where(meta.c.key == "tracker_id")).scalar()
        return str(value)

    def refresh_derived(self, *, stale_only: bool = False) -> int:
        """Recompute the cached deadline columns from history; return how many rows changed."""
        from sqlalchemy import or_, select

        from dsar.tracker.models import requests

        stamp = derived.stamp()
        query = select(requests.c.id).order_by(requests.c.id)
        if stale_only:
            query = query.where(or_(requests.c.derived_stamp.is_(None),
                                    requests.c.derived_stamp != stamp))
        with self._write() as conn, conn.begin():
            ids = list(conn.execute(query).scalars())
            for start in range(0, len(ids), 2000):
                derived.refresh(conn, ids[start:start + 2000])
        return len(ids)

    # -- loading -------------------------------------------------------------------------

    def _load(self, conn: Connection, ids: Sequence[int]) -> builtins.dict[int, TrackedRequest]:
        """Requests with their histories, by row id, in chunks (a few queries, not one per request)."""
        out: dict[int, TrackedRequest] = {}
        for start in range(0, len(ids), 5000):
            out.update(load_requests(conn, ids[start:start + 5000]))
        return out


def load_requests(conn: Connection, ids: Sequence[int]) -> dict[int, TrackedRequest]:
    from sqlalchemy import select

    from dsar.deadlines import Event
    from dsar.tracker.models import events, requests

    if not ids:
        return {}
    rows = conn.execute(select(requests).where(requests.c.id.in_(ids))).all()
    history: dict[int, list[Entry]] = {row.id: [] for row in rows}
    event_rows = conn.execute(
        select(events.c.request_id, events.c.kind, events.c.on, events.c.via, events.c.note,
               events.c.files, events.c.data, events.c.logged_at)
        .where(events.c.request_id.in_(ids))
        .order_by(events.c.request_id, events.c.id)
    )
    for ev in event_rows:
        history[ev.request_id].append(Entry(
            event=Event(kind=ev.kind, on=ev.on, via=ev.via, note=ev.note, data=ev.data or {}),
            files=tuple(ev.files or ()), logged_at=_utc(ev.logged_at),
        ))
    return {row.id: _request(row, history[row.id]) for row in rows}


def _request(row: Row[Any], entries: list[Entry]) -> TrackedRequest:
    return TrackedRequest(
        ref=make_ref(row.id), controller_id=row.controller_id, kind=row.kind,
        regimes=tuple(r for r in row.regimes.split(",") if r), nation=row.nation,
        requester=row.requester, client_reference=row.client_reference, created=row.created,
        key=row.key, entries=tuple(entries),
    )


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite keeps no time zone: the times it returns were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _no_such(ref: str) -> TrackerError:
    return TrackerError(f"no request {ref} in this tracker; see `dsar track list`")
