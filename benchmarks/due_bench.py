"""Benchmark `dsar due` on a tracker of 100,000 requests with 500,000 events.

    /work/venv/bin/python benchmarks/due_bench.py [--db PATH] [--rebuild] [--repeat N]

Builds the tracker once (bulk insert into a SQLite file in the temp folder, then the
cache columns recomputed from history through the real `Tracker.refresh_derived`) and
reuses it on later runs. Then times, in the same run:

- the library call `Tracker.open(db)` + `tracker.due(today, 14)` (the indexed path);
- the real command `dsar --db PATH due` (a new process: Python start-up, imports, output);
- the baseline: load every request with its events and assess each (what `due` would
  cost without the cache), filtered by the same rule;

checks the library and the baseline give the same answer, and prints the times and ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REQUESTS = 100_000
EVENTS_PER_REQUEST = 5
TODAY = date(2026, 11, 26)
CONTROLLERS = [("home-office", "england", "uk-gdpr"), ("moj", "england", "uk-gdpr"),
               ("acro", "england", "uk-gdpr,dpa-part-3"),
               ("metropolitan-police", "england", "uk-gdpr,dpa-part-3"),
               ("police-scotland", "scotland", "uk-gdpr,dpa-part-3"),
               ("psni", "northern-ireland", "uk-gdpr,dpa-part-3")]


def script(rng: random.Random, created: date) -> list[tuple[str, date, str | None]]:
    """Five events for one request, all on or before TODAY, in a realistic mix of outcomes.

    Older than 35 days: 85% answered and closed, 5% answered after ID was asked for, 3%
    refused and closed, 7% went wrong: chased, then a complaint (within the last 8 months the
    case is still with the organisation; before that it went to the ICO). Recent: waiting.
    """
    sent = created + timedelta(days=rng.randint(0, 3))
    via = rng.choice(["email", "email", "online-form", "post-first", "post-second"])
    d = lambda base, lo, hi: base + timedelta(days=rng.randint(lo, hi))  # noqa: E731
    if (TODAY - created).days < 35:  # recent: still waiting for the answer
        ack = d(sent, 1, 5)
        return [("drafted", created, None), ("sent", sent, via), ("acknowledged", min(ack, TODAY), None),
                ("note", min(d(ack, 0, 3), TODAY), None), ("note", TODAY, None)]
    roll = rng.random()
    if roll < 0.85:  # answered and closed
        answered = d(sent, 10, 40)
        return [("drafted", created, None), ("sent", sent, via), ("acknowledged", d(sent, 1, 5), None),
                ("responded", answered, None), ("closed", d(answered, 1, 10), None)]
    if roll < 0.90:  # ID asked for, given, then answered
        asked = d(sent, 3, 8)
        given = d(asked, 1, 10)
        return [("drafted", created, None), ("sent", sent, via), ("id-requested", asked, None),
                ("id-provided", given, "email"), ("responded", d(given, 10, 30), None)]
    if roll >= 0.90 and (TODAY - created).days > 240 and roll < 0.97:
        # older cases that went wrong have moved on: taken to the ICO (then nothing to do but wait)
        chased = d(sent, 40, 45)
        return [("drafted", created, None), ("sent", sent, via), ("chase-sent", chased, "email"),
                ("complaint-sent", d(chased, 15, 20), "email"), ("ico-complaint", d(chased, 60, 80), None)]
    if roll < 0.94:  # overdue, chased
        return [("drafted", created, None), ("sent", sent, via), ("acknowledged", d(sent, 1, 5), None),
                ("chase-sent", d(sent, 40, 55), "email"), ("note", d(sent, 56, 59), None)]
    if roll < 0.97:  # complaint to the organisation, acknowledged
        chased = d(sent, 40, 45)
        complained = d(chased, 15, 20)
        return [("drafted", created, None), ("sent", sent, via), ("chase-sent", chased, "email"),
                ("complaint-sent", complained, "email"),
                ("complaint-acknowledged", d(complained, 1, 5), None)]
    refused = d(sent, 10, 30)
    return [("drafted", created, None), ("sent", sent, via), ("acknowledged", d(sent, 1, 5), None),
            ("refused", refused, None), ("closed", d(refused, 1, 5), None)]


def build(path: Path) -> None:
    from sqlalchemy import insert

    from dsar.tracker import Tracker
    from dsar.tracker.models import events, requests

    path.unlink(missing_ok=True)
    rng = random.Random(20261126)
    started = time.perf_counter()
    tracker = Tracker.open(str(path))
    logged_at = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    first_day = date(2024, 6, 1)
    span = (TODAY - timedelta(days=4) - first_day).days
    with tracker.engine.begin() as conn:
        for start in range(0, REQUESTS, 10_000):
            request_rows, event_rows = [], []
            for row_id in range(start + 1, start + 10_001):
                controller, nation, regimes = rng.choice(CONTROLLERS)
                created = first_day + timedelta(days=rng.randint(0, span))
                request_rows.append({
                    "id": row_id, "requester": f"Client {row_id}", "controller_id": controller,
                    "kind": "access" if rng.random() < 0.8 else "erasure", "regimes": regimes,
                    "nation": nation, "created": created, "client_reference": f"C-{row_id}", "key": None,
                })
                for kind, on, via in script(rng, created):
                    event_rows.append({"request_id": row_id, "kind": kind, "on": min(on, TODAY),
                                       "via": via, "note": None, "files": [], "data": {},
                                       "logged_at": logged_at})
            conn.execute(insert(requests), request_rows)
            conn.execute(insert(events), event_rows)
    inserted = time.perf_counter() - started
    changed = tracker.refresh_derived()
    tracker.close()
    cached = time.perf_counter() - started - inserted
    print(f"built {path}: {REQUESTS:,} requests, {REQUESTS * EVENTS_PER_REQUEST:,} events "
          f"(insert {inserted:.1f}s, cache for {changed:,} requests {cached:.1f}s)", file=sys.stderr)


def library(db: str) -> tuple[float, list[str]]:
    from dsar.tracker import Tracker

    started = time.perf_counter()
    with Tracker.open(db) as tracker:
        found = tracker.due(TODAY, 14, explain=False)
    return time.perf_counter() - started, [r.ref for r, _ in found]


def baseline(db: str) -> tuple[float, list[str]]:
    """Without the cache: every request loaded with its events, every one assessed."""
    from sqlalchemy import true

    from dsar.tracker import Tracker
    from dsar.tracker.derived import select_due
    from dsar.tracker.store import load_requests

    started = time.perf_counter()
    with Tracker.open(db) as tracker, tracker.engine.connect() as conn:
        loaded = load_requests(conn, true())
        found = select_due(loaded.values(), TODAY, 14, explain=False)
    return time.perf_counter() - started, [r.ref for r, _ in found]


def command(db: str) -> float:
    dsar = Path(sys.executable).with_name("dsar")
    env = {**os.environ, "DSAR_TODAY": TODAY.isoformat()}
    started = time.perf_counter()
    subprocess.run([str(dsar), "--db", db, "due"], check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "dsar-due-bench.sqlite")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["DSAR_TODAY"] = TODAY.isoformat()
    if args.rebuild or not args.db.exists():
        build(args.db)
    db = str(args.db)
    library(db)  # warm the file cache and the imports once
    lib_times, cmd_times, base_times = [], [], []
    for _ in range(args.repeat):
        t, fast = library(db)
        lib_times.append(t)
        cmd_times.append(command(db))
    for _ in range(max(1, args.repeat // 2)):
        t, slow = baseline(db)
        base_times.append(t)
    assert fast == slow, "the indexed path and the baseline disagree"
    lib, cmd, base = (statistics.median(x) for x in (lib_times, cmd_times, base_times))
    print(f"tracker: {REQUESTS:,} requests, {REQUESTS * EVENTS_PER_REQUEST:,} events; "
          f"due today ({TODAY}, within 14 days): {len(fast):,} requests")
    print(f"library  Tracker.open + due():          {lib * 1000:8.0f} ms (median of {len(lib_times)})")
    print(f"command  dsar --db ... due (new process): {cmd * 1000:8.0f} ms (median of {len(cmd_times)})")
    print(f"baseline load all + assess all:          {base * 1000:8.0f} ms (median of {len(base_times)})")
    print(f"ratio    baseline / library: {base / lib:.1f}x; baseline / command: {base / cmd:.1f}x")


if __name__ == "__main__":
    main()
