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
    from sqlalchemy import ColumnElement
    from sqlalchemy.engine import Connection, Engine

    from dsar.deadlines import Assessment, Event


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
        return self.add_requests([NewRequest(
            controller_id=controller_id, kind=kind, requester=requester, regime=tuple(regime),
            nation=nation, created=created, client_reference=client_reference, key=key,
            drafted=None if drafted is None else tuple(drafted),
        )])[0]

    def add_requests(self, new: Sequence[NewRequest]) -> builtins.list[str]:
        """Add several requests in one transaction (all or none); their refs, in order.

        Each is added as `add_request` adds one (a `key` already used returns the ref
        made the first time); one transaction instead of one each makes recording a
        batch's letters several times faster.
        """
        from sqlalchemy import insert, select
        from sqlalchemy.exc import IntegrityError

        from dsar.tracker.models import events, requests

        for item in new:
            derived.check_request(kind=item.kind, regimes=item.regime, nation=item.nation)
            if not item.requester.strip():
                raise TrackerError("the requester's name is empty; give --requester NAME")
        row_ids: builtins.list[int] = []
        try:
            with self._write() as conn, conn.begin():
                added: builtins.list[int] = []
                for item in new:
                    by_key = select(requests.c.id).where(requests.c.key == item.key)
                    if item.key is not None and (found := conn.execute(by_key).scalar()) is not None:
                        row_ids.append(found)
                        continue
                    inserted = conn.execute(insert(requests).values(
                        requester=item.requester.strip(), controller_id=item.controller_id,
                        kind=item.kind, regimes=",".join(item.regime), nation=item.nation,
                        created=item.created, client_reference=item.client_reference or None,
                        key=item.key,
                    )).inserted_primary_key
                    assert inserted is not None
                    row_id = int(inserted[0])
                    if item.drafted is not None:
                        conn.execute(insert(events).values(
                            request_id=row_id, kind="drafted", on=item.created, via=None, note=None,
                            files=[str(f) for f in item.drafted], data={},
                            logged_at=datetime.now(UTC),
                        ))
                    row_ids.append(row_id)
                    added.append(row_id)
                derived.refresh(conn, added)
        except IntegrityError:
            # PostgreSQL: another process added one of the same keys at the same moment
            if len(new) > 1:  # all rolled back: add them one by one, each idempotent by key
                return [self.add_requests([item])[0] for item in new]
            key = new[0].key
            with self.engine.connect() as conn:
                found = conn.execute(select(requests.c.id).where(requests.c.key == key)).scalar()
            if key is None or found is None:
                raise
            return [make_ref(found)]
        return [make_ref(row_id) for row_id in row_ids]

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
            before = load_requests(conn, requests.c.id == row_id)[row_id]
            conn.execute(insert(events).values(
                request_id=row_id, kind=event, on=on, via=via, note=note or None,
                files=[str(f) for f in files], data=payload, logged_at=datetime.now(UTC),
            ))
            derived.refresh(conn, [row_id])
        return derived.sequence_warnings(before, event, on)

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
        from dsar.tracker.models import requests

        where: ColumnElement[bool] = requests.c.attention_on.is_not(None)
        if within is not None:  # (NULL is never <= a date, so this also skips NULL)
            where = requests.c.attention_on <= today + timedelta(days=within)
        with self.engine.connect() as conn:
            loaded = load_requests(conn, where)
        return derived.select_due(loaded.values(), today, within, explain=explain)

    def open_requests(self, today: date) -> builtins.list[tuple[TrackedRequest, Assessment]]:
        """Every request that may still need something (not answered or closed for good),
        assessed with its explanation: what the calendar export is made from."""
        from dsar.tracker.models import requests

        with self.engine.connect() as conn:
            loaded = load_requests(conn, requests.c.attention_on.is_not(None))
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
        .join(requests, events.c.request_id == requests.c.id)
        .where(where)
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
