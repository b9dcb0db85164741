"""How much faster `dsar batch` makes letters than one WeasyPrint write per letter.

    python benchmarks/batch_bench.py                 # 1,000 letters both ways, prints the ratio
    python benchmarks/batch_bench.py --letters 200   # a quicker run
    python benchmarks/batch_bench.py --memory        # 10,000 letters through `dsar batch` only:
                                                     # peak memory of its whole process tree

Both ways make the same letters: fictional clients, each writing to five
organisations (home-office, moj, hmpps, acro, metropolitan-police) for access
and erasure, so 10 letters a client. The plain way composes each letter and
writes it as `dsar generate` does, `HTML(string=to_html(letter))` rendered and
written once per letter, tagged PDF/UA-1 (`dsar.render.write_pdf`), in this one
process (`--untagged-plain`: a plain `write_pdf()`, untagged, the baseline of
the figures before issue 14). The batch way is the real command in a subprocess (`dsar batch
clients.csv --org org.toml --out DIR --format pdf`, default --jobs), which also
makes each client's cover sheet and letter of authority (2 more PDFs a client),
writes every file, records every letter in a fresh tracker and writes the
manifest. Run it on a quiet machine, once: it takes minutes.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ORGS = ("home-office", "moj", "hmpps", "acro", "metropolitan-police")
KINDS = ("access", "erasure")
ORG_TOML = """\
[representative]
organisation = "Example Law Centre"
name = "Sam Adviser"
address = ["1 Example Road", "Exampletown"]
postcode = "ZZ99 9ZZ"
"""


def write_inputs(folder: Path, letters: int) -> tuple[Path, Path, int]:
    clients = max(1, letters // (len(ORGS) * len(KINDS)))
    path = folder / "clients.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Client reference", "Full name", "Date of birth", "Address", "Postcode",
                         "Prison number", "Electronic monitoring", "Immigration", "Organisations",
                         "Letters"])
        for n in range(clients):
            writer.writerow([f"BENCH-{n:05d}", f"Client Number{n:05d} Example", "12/04/1990",
                             f"{n} Example Street; Exampletown", "ZZ99 9ZZ", "A1234BC",
                             "non-fitted-device", "yes", ";".join(ORGS), ";".join(KINDS)])
    org = folder / "org.toml"
    org.write_text(ORG_TOML, encoding="utf-8")
    return path, org, clients * len(ORGS) * len(KINDS)


def plain(clients_csv: Path, org_path: Path, tagged: bool = True) -> tuple[float, int]:
    """One HTML(...) written per letter, in this process. Returns (seconds, letters)."""
    import weasyprint

    from dsar.batch.run import prepare
    from dsar.controllers import load_directory
    from dsar.generate import plan
    from dsar.render import ASSET_SCHEME, to_html, weasyprint_fetcher, write_pdf

    directory = load_directory()
    prepared = prepare(clients_csv, org_path, directory)
    on = date(2026, 11, 26)
    weasyprint.HTML(string="<p>warm up</p>").write_pdf()
    count = 0
    started = time.perf_counter()
    for client in prepared.checked.good:
        for item in plan(client.profile, client.controllers, client.kinds, directory=directory, on=on):
            if item.controller is None:
                continue  # the letter of authority: the batch way makes it too, uncounted
            html = weasyprint.HTML(string=to_html(item.letter), base_url=f"{ASSET_SCHEME}:/",
                                   url_fetcher=weasyprint_fetcher)
            if tagged:
                write_pdf(html.render(), "pdf/ua-1")
            else:
                html.write_pdf()
            count += 1
    return time.perf_counter() - started, count


def tree_rss(root: int) -> int:
    """Resident memory (bytes) of `root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def batch(clients_csv: Path, org_path: Path, work: Path, jobs: int | None) -> tuple[float, int]:
    """The real `dsar batch` in a subprocess. Returns (seconds, peak RSS of its process tree)."""
    out, db = work / "out", work / "tracker.sqlite"
    command = [sys.executable, "-m", "dsar", "--quiet", "--db", str(db), "batch", str(clients_csv),
               "--org", str(org_path), "--out", str(out), "--format", "pdf"]
    if jobs:
        command += ["--jobs", str(jobs)]
    peak = 0
    started = time.perf_counter()
    log = (work / "stderr.txt").open("wb")  # its warnings; shown only if it fails
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    stop = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid))
            stop.wait(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    code = proc.wait()
    elapsed = time.perf_counter() - started
    stop.set()
    watcher.join()
    log.close()
    if code != 0:
        sys.stderr.write((work / "stderr.txt").read_text(encoding="utf-8", errors="replace"))
        raise SystemExit(f"dsar batch failed with exit status {code}")
    made = len(list(out.glob("*/*-access.pdf"))) + len(list(out.glob("*/*-erasure.pdf")))
    print(f"  dsar batch made {made} letter PDFs (+ a cover sheet and a letter of authority a client)")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=1000, help="letters to make (default 1000)")
    parser.add_argument("--memory", action="store_true",
                        help="10,000 letters (unless --letters) through dsar batch only; report peak RSS")
    parser.add_argument("--jobs", type=int, default=None, help="passed to dsar batch (default: CPUs)")
    parser.add_argument("--untagged-plain", action="store_true",
                        help="the plain way writes untagged PDFs (the baseline before issue 14)")
    args = parser.parse_args()
    letters = 10_000 if args.memory and args.letters == 1000 else args.letters
    with tempfile.TemporaryDirectory(prefix="dsar-bench-") as tmp:
        work = Path(tmp)
        clients_csv, org_path, letters = write_inputs(work, letters)
        print(f"{letters} letters for {letters // 10} clients; {os.cpu_count()} CPUs")
        if args.memory:
            elapsed, peak = batch(clients_csv, org_path, work, args.jobs)
            print(f"dsar batch: {elapsed:.1f} s ({elapsed / letters * 1000:.1f} ms a letter)")
            print(f"peak RSS of the dsar batch process tree: {peak / 2**20:.0f} MB "
                  f"(largest single process: "
                  f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB)")
            return
        base, count = plain(clients_csv, org_path, tagged=not args.untagged_plain)
        how = "untagged" if args.untagged_plain else "tagged PDF/UA-1"
        print(f"plain, one write_pdf() per letter ({how}): {base:.1f} s for {count} letters "
              f"({base / count * 1000:.1f} ms a letter)")
        elapsed, peak = batch(clients_csv, org_path, work, args.jobs)
        print(f"dsar batch: {elapsed:.1f} s ({elapsed / letters * 1000:.1f} ms a letter), "
              f"peak RSS {peak / 2**20:.0f} MB")
        print(f"ratio: dsar batch is {base / elapsed:.2f}x as fast as the plain way")


if __name__ == "__main__":
    main()
