"""Two real processes writing to one tracker at once lose nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from tracker_fixtures import TODAY, add, db_url  # noqa: F401  (db_url is a fixture)

from dsar.tracker import Tracker

LOGGER = """
import sys
from datetime import date
from dsar.tracker import Tracker

db, ref, who = sys.argv[1], sys.argv[2], sys.argv[3]
sys.stdin.readline()  # start together
with Tracker.open(db) as tracker:
    for n in range(50):
        tracker.log(ref, "note", date(2026, 11, 26), note=f"{who}-{n}", today=date(2026, 11, 26))
"""

ADDER = """
import sys
from datetime import date
from dsar.tracker import Tracker

db, who = sys.argv[1], sys.argv[2]
sys.stdin.readline()
with Tracker.open(db) as tracker:
    for n in range(20):
        # the same keys from both processes (a batch run twice at once): 20 requests, not 40
        tracker.add_request(controller_id="acro", kind="access", requester=who, regime=["uk-gdpr"],
                            nation="england", created=date(2026, 11, 26), key=f"batch/{n}")
        tracker.add_request(controller_id="acro", kind="access", requester=who, regime=["uk-gdpr"],
                            nation="england", created=date(2026, 11, 26))
"""


def _run_together(script: str, *argsets: list[str]) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for args in argsets]
    for proc in procs:  # both are started (and importing) before either begins
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err


@pytest.mark.slow
def test_two_processes_logging_to_one_request_lose_nothing(db_url: str) -> None:  # noqa: F811
    with Tracker.open(db_url) as tracker:
        ref = add(tracker)
        tracker.log(ref, "sent", date(2026, 10, 1), via="email", today=TODAY)
    _run_together(LOGGER, [db_url, ref, "a"], [db_url, ref, "b"])
    with Tracker.open(db_url) as tracker:
        notes = [e.note for e in tracker.get(ref).events if e.kind == "note"]
        assert sorted(notes) == sorted([f"a-{n}" for n in range(50)] + [f"b-{n}" for n in range(50)])
        # each process's events are in its own order
        assert [n for n in notes if n and n.startswith("a-")] == [f"a-{n}" for n in range(50)]
        assert [r.ref for r, _ in tracker.due(TODAY, 0)] == [ref]


@pytest.mark.slow
def test_two_processes_adding_get_distinct_refs_and_one_request_per_key(db_url: str) -> None:  # noqa: F811
    Tracker.open(db_url).close()
    _run_together(ADDER, [db_url, "a"], [db_url, "b"])
    with Tracker.open(db_url) as tracker:
        found = tracker.list()
    refs = [r.ref for r in found]
    assert len(refs) == len(set(refs)) == 20 + 40
    assert sorted(r.key for r in found if r.key) == sorted(f"batch/{n}" for n in range(20))
