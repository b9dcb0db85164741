"""Benchmark `dsar due --ics` on a tracker of 100,000 requests with 500,000 events.

    python benchmarks/ics_bench.py [--db PATH] [--repeat N]

Uses the tracker of benchmarks/due_bench.py (built there if missing). Times, in the same run:

- the real command `dsar --db PATH due --ics FILE` in a new process, with its peak memory
  (the child's maximum resident set size);
- the baseline, the command as it was before issue 12 (the due list, then every open request
  loaded and assessed at once, sorted, then one `icalendar` object per event and
  `to_ical()`), with its peak memory, in a new process too;

checks both calendars hold the same events (UID, date, ref; the baseline shows organisation
ids, not names) and prints times, memory,
the number of events and the ratio. The issue's target: under 3 s and 150 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import due_bench

MEASURE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
           "stdout=subprocess.DEVNULL); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")

BASELINE = '''
import sys
from datetime import UTC, date, datetime, timedelta
from icalendar import Alarm, Calendar, Event
from dsar.tracker import Tracker
from dsar.tracker.ics import deadlines
from dsar.tracker.views import due_line, human_day, name_of

db, out, today = sys.argv[1], sys.argv[2], date.fromisoformat(sys.argv[3])
with Tracker.open(db) as tracker:  # as `dsar due --ics` did: the due list, then the calendar
    tracker.due(today, 14, explain=False)
    items, tracker_id = tracker.open_requests(today), tracker.tracker_id()
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


def measured(args: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of a command run in a new process."""
    env = {**os.environ, "DSAR_TODAY": due_bench.TODAY.isoformat()}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *args], check=True, capture_output=True,
                          text=True, env=env)
    return time.perf_counter() - started, int(done.stdout.split()[-1]) / 1024


def events(path: Path) -> set[tuple[str, str, str]]:
    from icalendar import Calendar

    cal = Calendar.from_ical(path.read_bytes())
    return {(str(e["uid"]), str(e.decoded("dtstart")), str(e["summary"]).split(" ")[0])
            for e in cal.walk("VEVENT")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "dsar-due-bench.sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        due_bench.build(args.db)
    db = str(args.db)
    folder = Path(tempfile.mkdtemp())
    fast_ics, slow_ics = folder / "fast.ics", folder / "slow.ics"
    dsar = str(Path(sys.executable).with_name("dsar"))
    fast = [measured([dsar, "--db", db, "--quiet", "due", "--ics", str(fast_ics)])
            for _ in range(args.repeat)]
    slow = [measured([sys.executable, "-c", BASELINE, db, str(slow_ics), due_bench.TODAY.isoformat()])
            for _ in range(max(1, args.repeat // 2))]
    found = events(fast_ics)
    assert found == events(slow_ics), "the export and the baseline hold different events"
    t_fast, m_fast = (statistics.median(x) for x in zip(*fast, strict=True))
    t_slow, m_slow = (statistics.median(x) for x in zip(*slow, strict=True))
    print(f"tracker: {due_bench.REQUESTS:,} requests; calendar: {len(found):,} events, "
          f"{fast_ics.stat().st_size / 1e6:.1f} MB")
    print(f"dsar due --ics (new process):       {t_fast:6.2f} s, peak {m_fast:5.0f} MB "
          f"(median of {len(fast)})")
    print(f"baseline (icalendar objects, all):  {t_slow:6.2f} s, peak {m_slow:5.0f} MB "
          f"(median of {len(slow)})")
    print(f"ratio baseline / dsar: time {t_slow / t_fast:.1f}x, memory {m_slow / m_fast:.1f}x "
          "(target: under 3 s and 150 MB)")


if __name__ == "__main__":
    main()
