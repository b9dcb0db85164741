"""Benchmark `dsar due --ics` on a tracker of 100,000 requests with 500,000 events.

    python benchmarks/ics_bench.py [--db PATH] [--repeat N] [--no-icalendar]

Uses the tracker of benchmarks/due_bench.py (built there if missing), opened once first
so that a cache written by another dsar version is recomputed before anything is timed
(that alone takes several seconds at this size, and a tracker in the temp folder may be
shared with other checkouts). Then times, in the same run, each in a new process with its
peak memory (the child's maximum resident set size), the runs taking turns:

- the real command `dsar --db PATH due --ics FILE` (one pass: dsar.tracker.open_scan);
- the two-pass baseline, the command as it was before the one pass: `Tracker.due`, then
  `Tracker.iter_open_requests` (whole histories) written by the calendar writer of then
  (tests/ics_reference.py), with the same imports (dsar.cli) and the due list printed;
- unless --no-icalendar, the export as it was before issue 12 (every open request loaded
  at once, sorted, one `icalendar` object per event, `to_ical()`).

Checks the command's calendar is byte for byte the two-pass one (but for DTSTAMP, the time
of export), that both print the same due list, and that the icalendar export holds the same
events; prints min and median times, memory, the ratios and the load average. The issue's
target: under 3 s and 150 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import due_bench

MEASURE = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], check=True, "
           "capture_output=True); sys.stdout.buffer.write(done.stdout); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")

TESTS = Path(__file__).resolve().parent.parent / "tests"

TWO_PASSES = f'''
import sys
sys.path.insert(0, {str(TESTS)!r})
import dsar.cli  # the command's imports
from datetime import date, datetime, UTC
from pathlib import Path
from ics_reference import calendar_bytes
from dsar.directory.names import short_names
from dsar.files import write_private
from dsar.tracker import Tracker
from dsar.tracker.views import due_line

db, out, today = sys.argv[1], sys.argv[2], date.fromisoformat(sys.argv[3])
with Tracker.open(db) as tracker:  # as `dsar due --ics` did before the one pass
    items = tracker.due(today, 14, explain=False)
    senders = tracker.with_sender([request.ref for request, _ in items])
    text = calendar_bytes(tracker.iter_open_requests(today), tracker_id=tracker.tracker_id(),
                          names=short_names(), now=datetime.now(UTC), senders=tracker.with_sender())
    write_private(Path(out), text)
names = short_names()
for request, assessment in items:
    print(due_line(request, assessment, names, sender_known=request.ref in senders))
'''

ICALENDAR = '''
import sys
from datetime import UTC, date, datetime, timedelta
from icalendar import Alarm, Calendar, Event
from dsar.tracker import Tracker
from dsar.tracker import derived
from dsar.tracker.ics import deadlines
from dsar.tracker.store import load_requests
from dsar.tracker.models import requests
from dsar.tracker.views import due_line, human_day, name_of

db, out, today = sys.argv[1], sys.argv[2], date.fromisoformat(sys.argv[3])
with Tracker.open(db) as tracker:  # as `dsar due --ics` did before issue 12
    tracker.due(today, 14, explain=False)
    with tracker.engine.connect() as conn:
        loaded = load_requests(conn, requests.c.attention_on.is_not(None))
    items = sorted([(r, derived.assess(r, today)) for r in loaded.values()], key=derived.urgency)
    tracker_id = tracker.tracker_id()
names = {}
cal = Calendar()
cal.add("prodid", "-//dsar//deadline tracker//EN")
cal.add("version", "2.0")
stamp = datetime.now(UTC)
for request, assessment in items:
    for kind, day, title in deadlines(assessment):
        event = Event()
        event.add("uid", f"{request.ref}-{kind}-{tracker_id}@dsar")
        event.add("dtstamp", stamp)
        event.add("sequence", len(request.entries))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("summary", f"{request.ref} {name_of(request.controller_id, names)} {request.kind}: {title}")
        description = [due_line(request, assessment, names), "", f"Deadline: {human_day(day)}",
                       "How it was worked out:", *(f"- {step}" for step in assessment.explanation)]
        event.add("description", "\\n".join(description))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-3))
        alarm.add("description", f"{request.ref}: {title} on {human_day(day)}")
        event.add_component(alarm)
        cal.add_component(event)
with open(out, "wb") as handle:
    handle.write(cal.to_ical())
'''

STAMP = re.compile(rb"^DTSTAMP:\d{8}T\d{6}Z\r$", re.MULTILINE)


def measured(args: list[str]) -> tuple[float, float, bytes]:
    """(seconds, peak MB, stdout) of a command run in a new process."""
    env = {**os.environ, "DSAR_TODAY": due_bench.TODAY.isoformat()}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *args], check=True, capture_output=True,
                          env=env, cwd=tempfile.gettempdir())
    seconds = time.perf_counter() - started
    out, _, peak = done.stdout.rstrip(b"\n").rpartition(b"\n")
    return seconds, int(peak) / 1024, out


def events(path: Path) -> set[tuple[str, str, str]]:
    from icalendar import Calendar

    cal = Calendar.from_ical(path.read_bytes())
    return {(str(e["uid"]), str(e.decoded("dtstart")), str(e["summary"]).split(" ")[0])
            for e in cal.walk("VEVENT")}


def summary(label: str, runs: list[tuple[float, float, bytes]]) -> tuple[float, float]:
    times, peaks = [r[0] for r in runs], [r[1] for r in runs]
    print(f"{label:38} min {min(times):6.2f} s, median {statistics.median(times):6.2f} s; "
          f"peak {max(peaks):4.0f} MB (runs: {len(runs)}; {', '.join(f'{t:.2f}' for t in times)})")
    return statistics.median(times), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "dsar-due-bench.sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-icalendar", action="store_true", help="skip the pre-issue-12 baseline")
    args = parser.parse_args()
    if not args.db.exists():
        due_bench.build(args.db)
    db = str(args.db)
    from dsar.tracker import Tracker

    started = time.perf_counter()
    Tracker.open(db).close()  # recomputes a cache another dsar version wrote, untimed
    print(f"opened once before timing: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    folder = Path(tempfile.mkdtemp())
    one_ics, two_ics, ical_ics = folder / "one.ics", folder / "two.ics", folder / "icalendar.ics"
    dsar = str(Path(sys.executable).with_name("dsar"))
    today = due_bench.TODAY.isoformat()
    load_before = os.getloadavg()
    one, two, ical = [], [], []
    for turn in range(args.repeat):
        one.append(measured([dsar, "--db", db, "--quiet", "due", "--ics", str(one_ics)]))
        two.append(measured([sys.executable, "-c", TWO_PASSES, db, str(two_ics), today]))
        if not args.no_icalendar and turn < max(1, args.repeat // 2):
            ical.append(measured([sys.executable, "-c", ICALENDAR, db, str(ical_ics), today]))
    load_after = os.getloadavg()
    assert STAMP.sub(b"", one_ics.read_bytes()) == STAMP.sub(b"", two_ics.read_bytes()), \
        "the command's calendar differs from the two-pass one"
    assert one[-1][2] == two[-1][2], "the command's due list differs from the two-pass one"
    found = events(one_ics)
    if ical:
        assert found == events(ical_ics), "the export and the icalendar baseline hold different events"
    print(f"tracker: {due_bench.REQUESTS:,} requests / {due_bench.REQUESTS * 5:,} events; calendar: "
          f"{len(found):,} events, {one_ics.stat().st_size / 1e6:.1f} MB; due list: "
          f"{len(one[-1][2].splitlines()):,} lines printed")
    print(f"load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after, "
          f"on {os.cpu_count()} cores")
    t_one, m_one = summary("dsar due --ics (one pass)", one)
    t_two, m_two = summary("two passes (before)", two)
    print(f"ratio two passes / one pass: time {t_two / t_one:.2f}x, memory {m_two / m_one:.2f}x")
    if ical:
        t_ical, m_ical = summary("icalendar objects (before issue 12)", ical)
        print(f"ratio icalendar / one pass: time {t_ical / t_one:.2f}x, memory {m_ical / m_one:.2f}x")
    verdict = "met" if t_one < 3 and m_one < 150 else "NOT met"
    print(f"target (under 3 s and 150 MB, median): {verdict}")


if __name__ == "__main__":
    main()
