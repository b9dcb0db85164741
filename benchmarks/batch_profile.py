"""Where `dsar batch`'s time goes, a document at a time (CPU time, one process).

    python benchmarks/batch_profile.py                 # 200 letters (240 documents), --jobs 1
    python benchmarks/batch_profile.py --letters 100

Runs the real `run_batch` in this process (`--jobs 1`, so every phase is timed
in one place) on the same fictional clients as benchmarks/batch_bench.py, with
timers around each phase: composing letters, Jinja HTML, WeasyPrint layout,
WeasyPrint's tagged write of each document, file writes, the tracker and the
manifest, plus the time the cycle collector spends inside them. With more
jobs each worker does the same work per document; the tracker and manifest
stay in the main process.
"""

from __future__ import annotations

import argparse
import functools
import gc
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from batch_bench import write_inputs

TIMES: defaultdict[str, float] = defaultdict(float)


def timed(owner: Any, name: str, label: str) -> None:
    """Replace owner.name by a wrapper adding its CPU time to TIMES[label]."""
    inner: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(inner)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            TIMES[label] += time.process_time() - started

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=200, help="letters to make (default 200)")
    args = parser.parse_args()

    import weasyprint
    import weasyprint.document

    from dsar.batch import run, worker
    from dsar.controllers import load_directory

    timed(worker, "_compose_client", "compose letters")
    timed(worker, "_html", "HTML (Jinja)")
    timed(weasyprint.HTML, "render", "WeasyPrint layout")
    timed(weasyprint.document.Document, "write_pdf", "WeasyPrint write (tagged, each)")
    timed(worker, "_write_client", "file writes (atomic, 0600)")
    timed(run, "_record", "tracker (main process)")
    timed(run, "write_manifest", "manifest")
    collecting = [0.0]

    def on_gc(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collecting[0] = time.process_time()
        else:
            TIMES["cycle collector (inside the above)"] += time.process_time() - collecting[0]

    with tempfile.TemporaryDirectory(prefix="dsar-profile-") as tmp:
        work = Path(tmp)
        clients_csv, org_path, _ = write_inputs(work, args.letters)
        prepared = run.prepare(clients_csv, org_path, load_directory())
        weasyprint.HTML(string="<p>warm up</p>").write_pdf()
        gc.collect()
        gc.freeze()  # as each worker does once it has loaded everything (worker.init_worker)
        gc.callbacks.append(on_gc)
        TIMES.clear()
        cpu, wall = time.process_time(), time.perf_counter()
        result = run.run_batch(prepared, run.BatchOptions(out=work / "out", formats=("pdf",), jobs=1),
                               db=str(work / "tracker.sqlite"))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        gc.callbacks.remove(on_gc)
    docs = sum(len(c.docs) for c in result.clients)
    print(f"{result.letters} letters, {docs} documents (PDF), one process: CPU {cpu:.1f} s "
          f"({cpu / docs * 1000:.1f} ms a document), wall {wall:.1f} s")
    for label, seconds in TIMES.items():
        print(f"  {label:36} {seconds:6.2f} s  {seconds / docs * 1000:5.1f} ms a document")


if __name__ == "__main__":
    main()
