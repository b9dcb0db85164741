"""One pass over the open requests for `dsar due --ics`: the calendar and the due list together.

`Tracker.iter_open_requests` and `Tracker.due` each load and assess their requests; the
command used to call both, so most open requests were loaded and assessed twice, and each
history was loaded whole (files, logging times) though neither needs it. `OpenScan` reads
every open request once (its fields and its events, a few thousand requests per query),
assesses it once with its explanation (the calendar shows how the reply deadline was worked
out), and on the way keeps what `Tracker.due(today, within)` would list:

- the same candidates, by the same test on the cached columns that `Tracker.due` puts in
  its query (`attention_on` within the window, or a little later for rows cached with
  another `holidays` version);
- each candidate kept when `derived.needs_attention` says so, from this process's
  assessment of its whole history, never from the cache; sorted by `derived.urgency`.

The cache only narrows the search, as in `Tracker.due`: every date in the calendar and the
list comes from the deadline engine applied to the full history, so a stale cached date can
leave nothing wrong. tests/test_tracker_open_scan.py checks the calendar is byte for byte
the one the full path writes, and the list is `Tracker.due`'s, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from dsar.tracker import derived

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from dsar.deadlines import Assessment, Event
    from dsar.tracker.store import OpenRequest, Tracker


class OpenScan:
    """Every open request with today's assessment, in ref order (iterate once); then `due()`."""

    def __init__(self, tracker: Tracker, today: date, within: int | None, *, chunk: int = 5000) -> None:
        self.tracker = tracker
        self.today = today
        self.within = within
        self.chunk = chunk
        self._due: list[tuple[OpenRequest, Assessment]] = []
        self._done = False

    def __iter__(self) -> Iterator[tuple[OpenRequest, Assessment]]:
        from dsar.deadlines import assess

        if self._done:
            raise RuntimeError("an OpenScan is read once")
        today, within = self.today, self.within
        candidate = _candidate_test(today, within)
        with self.tracker.engine.connect() as conn:
            for requests in _chunks(conn, self.chunk):
                for request in requests:
                    assessment = assess(request.events, nation=request.nation, kind=request.kind,
                                        regimes=request.regimes, today=today)
                    if candidate(request) and derived.needs_attention(assessment, today, within):
                        self._due.append((request, assessment))
                    yield request, assessment
        self._done = True

    def due(self) -> list[tuple[OpenRequest, Assessment]]:
        """What `Tracker.due(today, within)` lists, most urgent first (after iterating)."""
        if not self._done:
            raise RuntimeError("read the scan to its end before asking what is due")
        return sorted(self._due, key=derived.urgency)


def _candidate_test(today: date, within: int | None) -> Callable[[OpenRequest], bool]:
    """Whether `Tracker.due(today, within)` would load a request, from its cached columns:
    the same conditions as its query (NULL stamps are not "another version" there either)."""
    if within is None:
        return lambda request: True
    horizon = today + timedelta(days=within)
    slack = horizon + timedelta(days=derived.FOREIGN_HOLIDAYS_SLACK_DAYS)
    mine = derived.stamp()

    def test(request: OpenRequest) -> bool:
        if request.attention_on <= horizon:
            return True
        stamp = request.derived_stamp
        return stamp is not None and stamp != mine and request.attention_on <= slack

    return test


def _chunks(conn: Connection, size: int) -> Iterator[list[OpenRequest]]:
    """The open requests (`attention_on` not NULL: those that may still need something, as in
    `Tracker.iter_open_requests`), `size` at a time in ref order, with their events."""
    from sqlalchemy import String, and_, select, type_coerce

    from dsar.deadlines import Event
    from dsar.tracker.models import events, requests
    from dsar.tracker.refs import make_ref
    from dsar.tracker.store import OpenRequest, _day, _json

    day = cache(_day)  # a few hundred dates and a few sets of regimes, each parsed once
    regimes = cache(lambda text: tuple(r for r in text.split(",") if r))
    is_open = requests.c.attention_on.is_not(None)
    ids = sorted(conn.execute(select(requests.c.id).where(is_open)).scalars())
    for start in range(0, len(ids), size):
        part = ids[start:start + size]
        where = and_(requests.c.id >= part[0], requests.c.id <= part[-1], is_open)
        rows = conn.execute(
            select(requests.c.id, requests.c.requester, requests.c.controller_id, requests.c.kind,
                   requests.c.regimes, requests.c.nation, type_coerce(requests.c.created, String),
                   requests.c.client_reference, type_coerce(requests.c.attention_on, String),
                   requests.c.derived_stamp)
            .where(where).order_by(requests.c.id)
        ).all()
        history: dict[int, list[Event]] = {row[0]: [] for row in rows}
        # IN (subquery), not a join: the requests through their index, then each one's events
        # through ix_events_request_id, instead of walking every event of the tracker
        event_rows = conn.execute(
            select(events.c.request_id, events.c.kind, type_coerce(events.c.on, String), events.c.via,
                   events.c.note, type_coerce(events.c.data, String))
            .where(events.c.request_id.in_(select(requests.c.id).where(where)))
            .order_by(events.c.request_id, events.c.id)
        )
        # Rows alike (the same kind, day, way, note and data: "sent by email on 2 Nov") share
        # one Event; events are immutable and the engine only reads them. A third of the time
        # of loading was building and parsing those duplicates.
        made: dict[tuple[object, ...], Event] = {}
        for request_id, kind, on, via, note, data in event_rows:
            key = (kind, on, via, note, data) if data is None or type(data) is str else None
            event = made.get(key) if key is not None else None
            if event is None:
                event = Event(kind=kind, on=day(on), via=via, note=note, data=_json(data, {}))
                if key is not None:
                    made[key] = event
            history[request_id].append(event)
        yield [
            OpenRequest(ref=make_ref(row[0]), controller_id=row[2], kind=row[3], regimes=regimes(row[4]),
                        nation=row[5], requester=row[1], client_reference=row[7], created=day(row[6]),
                        events=tuple(history[row[0]]), attention_on=day(row[8]), derived_stamp=row[9])
            for row in rows
        ]
