"""`dsar batch` from two source trees, run in turns: wall and CPU time of each run's process tree.

    git worktree add /tmp/before main       # or: git archive COMMIT | tar -x -C /tmp/before
    python benchmarks/batch_ab.py /tmp/before .                  # 300 letters, 4 rounds
    python benchmarks/batch_ab.py /tmp/before . --letters 100 --rounds 2 --merge

Each round runs the real command (`python -m dsar batch clients.csv --org org.toml
--format pdf`, default --jobs) once per tree, the order alternating, on the fictional
clients of benchmarks/batch_bench.py. CPU time (user + system of the command and
its worker processes) is the figure to compare on a machine shared with other work:
wall time there mostly measures the other work.
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

from batch_bench import write_inputs


def run(tree: Path, work: Path, name: str, clients: Path, org: Path, merge: bool) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, bytes of PDF) of one `dsar batch` from `tree`."""
    out = work / f"out-{name}"
    command = [sys.executable, "-m", "dsar", "--quiet", "--db", str(work / f"{name}.sqlite"), "batch",
               str(clients), "--org", str(org), "--out", str(out), "--format", "pdf"]
    if merge:
        command.append("--merge")
    env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"dsar batch from {tree} failed (status {status})")
    return wall, usage.ru_utime + usage.ru_stime, sum(f.stat().st_size for f in out.rglob("*.pdf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="the source tree to compare against")
    parser.add_argument("after", type=Path, help="the source tree being measured")
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--merge", action="store_true", help="pass --merge (a print-all PDF a client)")
    args = parser.parse_args()
    trees = {"before": args.before, "after": args.after}
    cpu: dict[str, list[float]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="dsar-ab-") as tmp:
        work = Path(tmp)
        clients, org, letters = write_inputs(work, args.letters)
        for round_ in range(args.rounds):
            order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
            for name in order:
                wall, seconds, size = run(trees[name], work, f"{name}-{round_}", clients, org, args.merge)
                cpu[name].append(seconds)
                print(f"{name:6} round {round_ + 1}: wall {wall:5.1f} s, CPU {seconds:5.1f} s "
                      f"({seconds / letters * 1000:.1f} ms a letter), PDFs {size / 1e6:.1f} MB", flush=True)
    before, after = statistics.mean(cpu["before"]), statistics.mean(cpu["after"])
    print(f"mean CPU: before {before:.1f} s, after {after:.1f} s: {after / before:.2f}x")


if __name__ == "__main__":
    main()
