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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from dsar.clock import today as clock_today
from dsar.errors import TrackerError
from dsar.tracker import derived
from dsar.tracker.refs import make_ref, parse_ref

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.engine import Connection, Engine

    from dsar.deadlines import Assessment, Event
    from dsar.tracker.open_scan import OpenScan


@dataclass(frozen=True)
class Entry:
    """One line of a request's history, as logged."""

    event: Event
    files: tuple[str, ...] = ()
    logged_at: datetime | None = None


@dataclass(frozen=True)
class NewRequest:
    """A request to add with `Tracker.add_requests` (the arguments of `Tracker.add_request`)."""

    controller_id: str
    kind: str
    requester: str
    regime: tuple[str, ...]
    nation: str
    created: date
    client_reference: str | None = None
    key: str | None = None
    drafted: tuple[str, ...] | None = None
    # where the sender details came from (dsar.tracker.senders): {"profile": path} or {"block": {...}}
    sender: Mapping[str, Any] | None = None
    drafted_data: Mapping[str, Any] | None = None  # stored with the drafted event
    replace_open: bool = False  # close the client's open request for this instead of reusing it


@dataclass(frozen=True)
class Request:
    """A tracked request's own fields, without its history: what the due list shows."""

    ref: str
    controller_id: str
    kind: str
    regimes: tuple[str, ...]
    nation: str
    requester: str
    client_reference: str | None
    created: date


@dataclass(frozen=True)
class TrackedRequest(Request):
    """A tracked request with its whole history (every event, its files and when it was logged)."""

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

    @property
    def sequence(self) -> int:
        """How many events the history holds (a calendar entry's SEQUENCE)."""
        return len(self.entries)


@dataclass(frozen=True)
class OpenRequest(Request):
    """An open request as the calendar export reads it (dsar.tracker.open_scan): its fields, its
    events in the order logged, and how many there are; not the files recorded with them or
    when they were logged (a TrackedRequest has those)."""

    events: tuple[Event, ...]
    attention_on: date  # the cached columns, which decide whether `dsar due` would look at it
    derived_stamp: str | None

    @property
    def sequence(self) -> int:
        """How many events the history holds (a calendar entry's SEQUENCE)."""
        return len(self.events)


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
        return self.add_requests([NewRequest(
            controller_id=controller_id, kind=kind, requester=requester, regime=tuple(regime),
            nation=nation, created=created, client_reference=client_reference, key=key,
            drafted=None if drafted is None else tuple(drafted),
        )])[0]

    def add_requests(self, new: Sequence[NewRequest]) -> builtins.list[str]:
        """Add several requests in one transaction (all or none); their refs, in order.

        Each is added as `add_request` adds one (a `key` already used returns the ref
        made the first time; a client's open request for the same organisation and kind
        is reused, see `add_or_reuse`); one transaction instead of one each makes
        recording a batch's letters several times faster.
        """
        return [ref for ref, _ in self.add_or_reuse(new)]

    def add_or_reuse(self, new: Sequence[NewRequest]) -> builtins.list[tuple[str, bool]]:
        """Like `add_requests`, saying for each whether an existing request was reused.

        A request with a client reference is reused when that client already has an open
        (not closed) request to the same organisation for the same kind: the database's
        unique index `uq_requests_one_open` allows only one (migration 0004), so two
        processes racing cannot make a second. With `replace_open` the open one is closed
        instead (a `closed` event saying which request replaces it) and a new one added.
        Reusing adds nothing: the caller logs what it did to the reused request.
        """
        from sqlalchemy.exc import IntegrityError

        for item in new:
            derived.check_request(kind=item.kind, regimes=item.regime, nation=item.nation)
            if not item.requester.strip():
                raise TrackerError("the requester's name is empty; give --requester NAME")
        try:
            with self._write() as conn, conn.begin():
                found = [_add_one(conn, item) for item in new]
                derived.refresh(conn, [row_id for row_id, reused in found if not reused])
        except IntegrityError:
            # PostgreSQL: another process added one of the same keys, or the same client's
            # open request, at the same moment
            if len(new) > 1:  # all rolled back: add them one by one, each idempotent
                return [self.add_or_reuse([item])[0] for item in new]
            with self.engine.connect() as conn:
                existing = _existing(conn, new[0])
            if existing is None:
                raise
            return [(make_ref(existing), True)]
        return [(make_ref(row_id), reused) for row_id, reused in found]

    def open_for_clients(self, references: Sequence[str]
                         ) -> dict[tuple[str, str, str], TrackedRequest]:
        """The open requests of these client references: {(client, organisation, kind): request}."""
        from sqlalchemy import and_

        from dsar.tracker.models import requests

        wanted = sorted(set(references))
        found: dict[tuple[str, str, str], TrackedRequest] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                where = and_(requests.c.client_reference.in_(wanted[start:start + 500]),
                             requests.c.closed.is_(False), requests.c.duplicate_of.is_(None))
                for request in load_requests(conn, where).values():
                    assert request.client_reference is not None
                    found[(request.client_reference, request.controller_id, request.kind)] = request
        return found

    def log(self, ref: str, event: str, on: date, *, via: str | None = None, note: str | None = None,
            files: Sequence[str] = (), data: Mapping[str, Any] | None = None,
            today: date | None = None) -> builtins.list[str]:
        """Append an event to a request's history; return warnings (events that look out of order).

        Unknown events or ways of sending, or a date after today, raise TrackerError; the
        history is never changed. An event that makes little sense after the history so far
        (say, id-provided with no id-requested) is recorded, and a warning says why it looks odd.
        """
        from sqlalchemy import insert, select, update

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
            before = load_requests(conn, requests.c.id == row_id)[row_id]
            conn.execute(insert(events).values(
                request_id=row_id, kind=event, on=on, via=via, note=note or None,
                files=[str(f) for f in files], data=payload, logged_at=datetime.now(UTC),
            ))
            if event == "closed":  # no longer the client's open request (migration 0004)
                conn.execute(update(requests).where(requests.c.id == row_id).values(closed=True))
            derived.refresh(conn, [row_id])
        return derived.sequence_warnings(before, event, on)

    # -- the sender (issue 11 items 5 and 11) ------------------------------------------------

    def sender(self, ref: str) -> dict[str, Any] | None:
        """Where request `ref`'s sender details came from, or None when not recorded."""
        from sqlalchemy import select

        from dsar.tracker.models import request_senders

        row_id = parse_ref(ref)
        with self.engine.connect() as conn:
            value = conn.execute(select(request_senders.c.sender)
                                 .where(request_senders.c.request_id == row_id)).scalar()
        return dict(value) if value is not None else None

    def remember_sender(self, ref: str, sender: Mapping[str, Any]) -> bool:
        """Record where `ref`'s sender details come from, unless already recorded; True if recorded."""
        from sqlalchemy import insert, select

        from dsar.tracker.models import request_senders, requests

        row_id = parse_ref(ref)
        with self._write() as conn, conn.begin():
            if conn.execute(select(requests.c.id).where(requests.c.id == row_id)).scalar() is None:
                raise _no_such(ref)
            found = conn.execute(select(request_senders.c.request_id)
                                 .where(request_senders.c.request_id == row_id)).scalar()
            if found is not None:
                return False
            conn.execute(insert(request_senders).values(request_id=row_id, sender=dict(sender)))
        return True

    def with_sender(self, refs: Sequence[str] | None = None) -> set[str]:
        """Which of `refs` (None: of all requests) have their sender recorded (for the hints
        `dsar due` and the calendar print).

        One query for every recorded id, then a set lookup: no IN list, so any number of refs
        works (SQLite caps the parameters of one statement).
        """
        from sqlalchemy import select

        from dsar.tracker.models import request_senders

        if refs is not None and not refs:
            return set()
        with self.engine.connect() as conn:
            known = set(conn.execute(select(request_senders.c.request_id)).scalars())
        if refs is None:
            return {make_ref(row_id) for row_id in known}
        return {ref for ref in refs if parse_ref(ref) in known}

    # -- reading -------------------------------------------------------------------------

    def get(self, ref: str) -> TrackedRequest:
        from dsar.tracker.models import requests

        row_id = parse_ref(ref)
        with self.engine.connect() as conn:
            found = load_requests(conn, requests.c.id == row_id)
        if row_id not in found:
            raise _no_such(ref)
        return found[row_id]

    def list(self, *, status: str | None = None, controller: str | None = None,
             today: date | None = None) -> builtins.list[TrackedRequest]:
        """Every request (oldest first), optionally only those with `status` today or at `controller`."""
        from sqlalchemy import true

        from dsar.tracker.models import requests

        if status is not None:
            derived.check_status(status)
        where = true() if controller is None else requests.c.controller_id == controller
        with self.engine.connect() as conn:
            loaded = load_requests(conn, where)
        found = [loaded[i] for i in sorted(loaded)]
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
        from sqlalchemy import and_, or_, select

        from dsar.tracker.models import requests

        where: ColumnElement[bool] = requests.c.attention_on.is_not(None)
        with self.engine.connect() as conn:
            if within is not None:  # (NULL is never <= a date, so this also skips NULL)
                horizon = today + timedelta(days=within)
                where = requests.c.attention_on <= horizon
                foreign = requests.c.derived_stamp != derived.stamp()
                if conn.execute(select(requests.c.id).where(foreign).limit(1)).first():
                    # rows cached with another `holidays` version: dates may be a few days off
                    slack = horizon + timedelta(days=derived.FOREIGN_HOLIDAYS_SLACK_DAYS)
                    where = or_(where, and_(foreign, requests.c.attention_on <= slack))
            loaded = load_requests(conn, where)
        return derived.select_due(loaded.values(), today, within, explain=explain)

    def open_requests(self, today: date) -> builtins.list[tuple[TrackedRequest, Assessment]]:
        """Every request that may still need something (not answered or closed for good), with
        its whole history, assessed with its explanation, most urgent first."""
        from dsar.tracker.models import requests

        with self.engine.connect() as conn:
            loaded = load_requests(conn, requests.c.attention_on.is_not(None))
        items = [(request, derived.assess(request, today)) for request in loaded.values()]
        return sorted(items, key=derived.urgency)

    def iter_open_requests(self, today: date, *, chunk: int = 5000,
                           ) -> Iterator[tuple[TrackedRequest, Assessment]]:
        """`open_requests` a few thousand at a time, in ref order, unsorted, so memory holds one
        chunk of histories, not all of them. (`dsar due --ics` uses `scan_open`, which reads
        only what the calendar and the due list need; tests check the two give the same.)"""
        from sqlalchemy import and_, select

        from dsar.tracker.models import requests

        with self.engine.connect() as conn:
            ids = list(conn.execute(select(requests.c.id).where(requests.c.attention_on.is_not(None))
                                    .order_by(requests.c.id)).scalars())
            for start in range(0, len(ids), chunk):
                part = ids[start:start + chunk]
                loaded = load_requests(conn, and_(requests.c.id >= part[0], requests.c.id <= part[-1],
                                                  requests.c.attention_on.is_not(None)))
                for row_id in part:
                    if (request := loaded.get(row_id)) is not None:
                        yield request, derived.assess(request, today)

    def scan_open(self, today: date, within: int | None, *, chunk: int = 5000) -> OpenScan:
        """Every open request assessed once, streamed for the calendar, keeping on the way what
        `due(today, within)` lists: `dsar due --ics` in one pass (dsar.tracker.open_scan)."""
        from dsar.tracker.open_scan import OpenScan

        return OpenScan(self, today, within, chunk=chunk)

    def tracker_id(self) -> str:
        """This tracker's own random id (made when the database was created), for calendar UIDs."""
        from sqlalchemy import select

        from dsar.tracker.models import meta

        with self.engine.connect() as conn:
            value = conn.execute(select(meta.c.value).where(meta.c.key == "tracker_id")).scalar()
        return str(value)

    def refresh_derived(self, *, stale_only: bool = False) -> int:
        """Recompute the cached deadline columns from history; return how many rows changed.

        `stale_only`: only rows computed by other rules (another dsar or cache version, see
        derived.stamp; not rows that differ only in the `holidays` version). Each 500 rows
        are one short write transaction, so colleagues logging events meanwhile wait for
        one chunk at most; nothing is written when nothing is stale.
        """
        from sqlalchemy import or_, select

        from dsar.tracker.models import requests

        query = select(requests.c.id).order_by(requests.c.id)
        if stale_only:
            query = query.where(or_(
                requests.c.derived_stamp.is_(None),
                ~requests.c.derived_stamp.startswith(derived.rules_stamp(), autoescape=True),
            ))
        with self.engine.connect() as conn:
            ids = list(conn.execute(query).scalars())
        for start in range(0, len(ids), 500):
            with self._write() as conn, conn.begin():
                derived.refresh(conn, ids[start:start + 500])
        return len(ids)


def _existing(conn: Connection, item: NewRequest) -> int | None:
    """The request `item` is already recorded as: same key, or the client's open one."""
    from sqlalchemy import select

    from dsar.tracker.models import requests

    if item.key is not None:
        found = conn.execute(select(requests.c.id).where(requests.c.key == item.key)).scalar()
        if found is not None:
            return int(found)
    if item.client_reference and not item.replace_open:
        found = conn.execute(select(requests.c.id).where(
            requests.c.client_reference == item.client_reference,
            requests.c.controller_id == item.controller_id, requests.c.kind == item.kind,
            requests.c.closed.is_(False), requests.c.duplicate_of.is_(None),
        )).scalar()
        if found is not None:
            return int(found)
    return None


def _add_one(conn: Connection, item: NewRequest) -> tuple[int, bool]:
    """Insert one request (inside the caller's transaction): (row id, reused?)."""
    from sqlalchemy import insert, select, update

    from dsar.tracker.models import events, request_senders, requests

    existing = _existing(conn, item)
    if existing is not None:
        return existing, True
    replaced = None
    if item.client_reference and item.replace_open:
        replaced = conn.execute(select(requests.c.id).where(
            requests.c.client_reference == item.client_reference,
            requests.c.controller_id == item.controller_id, requests.c.kind == item.kind,
            requests.c.closed.is_(False), requests.c.duplicate_of.is_(None),
        ).with_for_update()).scalar()
        if replaced is not None:  # closed first: the index allows one open request
            conn.execute(update(requests).where(requests.c.id == replaced).values(closed=True))
    inserted = conn.execute(insert(requests).values(
        requester=item.requester.strip(), controller_id=item.controller_id,
        kind=item.kind, regimes=",".join(item.regime), nation=item.nation,
        created=item.created, client_reference=item.client_reference or None,
        key=item.key,
    )).inserted_primary_key
    assert inserted is not None
    row_id = int(inserted[0])
    now = datetime.now(UTC)
    if item.sender is not None:
        conn.execute(insert(request_senders).values(request_id=row_id, sender=dict(item.sender)))
    if replaced is not None:
        conn.execute(insert(events).values(
            request_id=replaced, kind="closed", on=item.created, via=None,
            note=f"replaced by {make_ref(row_id)}, a new request made on purpose", files=[],
            data={"replaced_by": make_ref(row_id)}, logged_at=now,
        ))
        derived.refresh(conn, [replaced])
    if item.drafted is not None:
        conn.execute(insert(events).values(
            request_id=row_id, kind="drafted", on=item.created, via=None, note=None,
            files=[str(f) for f in item.drafted], data=dict(item.drafted_data or {}),
            logged_at=now,
        ))
    return row_id, False


def load_requests(conn: Connection, where: ColumnElement[bool]) -> dict[int, TrackedRequest]:
    """The requests matching `where` (a condition on the requests table), with their whole
    histories, by row id: two queries, however many requests.

    Dates and JSON come back as raw text on SQLite and are parsed here with the C
    parsers (date.fromisoformat, json.loads only when not empty): `dsar due` loads
    thousands of histories and SQLAlchemy's generic converters were most of its time.
    """
    from sqlalchemy import String, select, type_coerce

    from dsar.deadlines import Event
    from dsar.tracker.models import events, requests

    rows = conn.execute(
        select(requests.c.id, requests.c.requester, requests.c.controller_id, requests.c.kind,
               requests.c.regimes, requests.c.nation, type_coerce(requests.c.created, String),
               requests.c.client_reference, requests.c.key)
        .where(where)
    ).all()
    if not rows:
        return {}
    history: dict[int, list[Entry]] = {row[0]: [] for row in rows}
    event_rows = conn.execute(
        select(events.c.request_id, events.c.kind, type_coerce(events.c.on, String), events.c.via,
               events.c.note, type_coerce(events.c.files, String), type_coerce(events.c.data, String),
               type_coerce(events.c.logged_at, String))
        # IN (subquery), not a join: SQLite then finds the few requests through their index and
        # each one's events through ix_events_request_id, instead of walking every event
        .where(events.c.request_id.in_(select(requests.c.id).where(where)))
        .order_by(events.c.request_id, events.c.id)
    )
    for request_id, kind, on, via, note, files, data, logged_at in event_rows:
        history[request_id].append(Entry(
            event=Event(kind=kind, on=_day(on), via=via, note=note, data=_json(data, {})),
            files=tuple(_json(files, ())), logged_at=_moment(logged_at),
        ))
    return {
        row[0]: TrackedRequest(
            ref=make_ref(row[0]), controller_id=row[2], kind=row[3],
            regimes=tuple(r for r in row[4].split(",") if r), nation=row[5], requester=row[1],
            client_reference=row[7], created=_day(row[6]), key=row[8],
            entries=tuple(history[row[0]]),
        )
        for row in rows
    }


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


_EMPTY_JSON = frozenset({"{}", "[]", "null", ""})


def _json(value: Any, empty: Any) -> Any:
    """A JSON column: decoded by the driver (PostgreSQL) or raw text (SQLite)."""
    if value is None or (isinstance(value, str) and value in _EMPTY_JSON):
        return empty
    if not isinstance(value, str):
        return value
    from dsar.tracker.database import json_loads

    return json_loads(value)  # a damaged value: a one-line TrackerError (issue 16)


def _moment(value: datetime | str | None) -> datetime | None:
    """A stored time, in UTC (SQLite keeps no time zone: its times were stored in UTC)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _no_such(ref: str) -> TrackerError:
    return TrackerError(f"no request {ref} in this tracker; see `dsar track list`")
