"""Benchmark `dsar due` on one tracker shared by two installs with different `holidays` versions.

    python benchmarks/mixed_versions_bench.py --other-python /path/to/other/venv/bin/python

Issue 12 item 8: the deadline cache was stamped with the installed `holidays` version, so
each colleague's open recomputed every row the other had cached, in one write transaction
(at 22,000 requests `dsar due` went from 1.3 s to about 4 s). Builds a SQLite tracker of
20,000 requests / 100,000 events (the mix of benchmarks/due_bench.py) with this install,
then times, in the same run:

- one version: `dsar due` by this install, several times (the baseline);
- two versions: this install and the other install taking turns, each logging an event to
  a request and then running `dsar due`, so the tracker always holds rows cached by both;

and prints the medians and the ratio (the target: within 10%, i.e. at most 1.10x). Also
checks both installs list the same requests and prints each install's `holidays` version.
The other install needs dsar from this tree: `python -m venv V && V/bin/pip install -e .
'holidays==0.60'`.
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

REQUESTS = 20_000


def run(python: str, db: str, *args: str) -> tuple[float, str]:
    env = {**os.environ, "DSAR_TODAY": due_bench.TODAY.isoformat()}
    started = time.perf_counter()
    done = subprocess.run([python, "-m", "dsar", "--db", db, *args], check=True,
                          capture_output=True, text=True, env=env)
    return time.perf_counter() - started, done.stdout


def holidays_version(python: str) -> str:
    return subprocess.run([python, "-c", "from importlib.metadata import version; "
                           "print(version('holidays'))"], capture_output=True, text=True,
                          check=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other-python", required=True)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "dsar-mixed-bench.sqlite")
    parser.add_argument("--repeat", type=int, default=6)
    args = parser.parse_args()
    this, other = sys.executable, args.other_python
    versions = holidays_version(this), holidays_version(other)
    if versions[0] == versions[1]:
        raise SystemExit(f"both installs have holidays {versions[0]}; give an install with another")
    due_bench.REQUESTS = REQUESTS
    due_bench.build(args.db)
    db = str(args.db)
    run(this, db, "due")  # warm the file cache
    single = [run(this, db, "due")[0] for _ in range(args.repeat)]
    mixed_this, mixed_other = [], []
    refs = [f"R-{n:06d}" for n in range(1, REQUESTS + 1, REQUESTS // (2 * args.repeat + 1))]
    for turn in range(args.repeat):
        for python, times in ((other, mixed_other), (this, mixed_this)):
            run(python, db, "track", "log", refs.pop(), "note", "--note", f"turn {turn}")
            times.append(run(python, db, "due")[0])
    listed_other = run(other, db, "due", "--json")[1]
    listed_now = run(this, db, "due", "--json")[1]
    assert listed_now == listed_other, "the two installs list different requests"
    one, two_this, two_other = (statistics.median(t) for t in (single, mixed_this, mixed_other))
    worst = max(two_this, two_other)
    print(f"tracker: {REQUESTS:,} requests; holidays {versions[0]} (this) and {versions[1]} (other)")
    print(f"one version   dsar due (this install):         {one * 1000:7.0f} ms "
          f"(median of {len(single)})")
    print(f"two versions  dsar due (this install):         {two_this * 1000:7.0f} ms "
          f"(median of {len(mixed_this)})")
    print(f"two versions  dsar due (other install):        {two_other * 1000:7.0f} ms "
          f"(median of {len(mixed_other)})")
    print(f"ratio         two versions / one version: {worst / one:.2f}x (target: at most 1.10x)")


if __name__ == "__main__":
    main()
