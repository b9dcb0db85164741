"""How fast the deadline engine assesses a large tracker, against a naive baseline in the same run.

Run:  /work/venv/bin/python benchmarks/deadlines_engine.py [--requests 100000]

It builds N requests with 5 events each (drafted, sent, acknowledged, note, and one of
responded / id-requested / chase-sent / clarification / extension), spread over the four
nations and both regimes, then times:

- baseline: what comparable tools do, "received + 30 days" with no holidays or rules;
- dsar.deadlines.assess(..., explain=False): what `dsar due` needs for every request;
- dsar.deadlines.assess(..., explain=True): what `dsar track show` prints for one request.

Each figure is the best of 3 runs (the machine is shared). It prints microseconds per request
and the ratio to the baseline. The engine's holiday calendars are warmed first, as they would be
after the first request in a `dsar due` run.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from dsar.deadlines import Event, assess

TODAY = date(2026, 11, 26)
NATIONS = ("england", "wales", "scotland", "northern-ireland")
REGIMES = (("uk-gdpr",), ("dpa-part-3",), ("uk-gdpr", "dpa-part-3"))


Request = tuple[list[Event], str, tuple[str, ...], str]  # events, nation, regimes, kind


def make_requests(count: int, seed: int = 4) -> list[Request]:
    rng = random.Random(seed)
    made: list[Request] = []
    for _ in range(count):
        start = date(2025, 6, 1) + timedelta(days=rng.randint(0, 540))
        events = [Event("drafted", start), Event("sent", start, via=rng.choice(("email", "post-first"))),
                  Event("acknowledged", start + timedelta(days=3)), Event("note", start + timedelta(days=4))]
        pick = rng.random()
        if pick < 0.3:
            events.append(Event("responded", start + timedelta(days=20)))
        elif pick < 0.45:
            events.append(Event("id-requested", start + timedelta(days=5)))
        elif pick < 0.6:
            events.append(Event("clarification-requested", start + timedelta(days=6)))
        elif pick < 0.7:
            events.append(Event("extended", start + timedelta(days=25)))
        else:
            events.append(Event("chase-sent", start + timedelta(days=40)))
        made.append((events, rng.choice(NATIONS), rng.choice(REGIMES), rng.choice(("access", "erasure"))))
    return made


def naive(requests: Sequence[Request]) -> None:
    for events, _nation, _regimes, _kind in requests:
        sent = next(ev.on for ev in events if ev.kind == "sent")
        due = sent + timedelta(days=30)
        _ = ("overdue" if due < TODAY else "waiting", due)


def engine(explain: bool) -> Callable[[Sequence[Request]], None]:
    def run(requests: Sequence[Request]) -> None:
        for events, nation, regimes, kind in requests:
            assess(events, nation=nation, kind=kind, regimes=regimes, today=TODAY, explain=explain)
    return run


def best_of(runs: int, work: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()
    requests = make_requests(args.requests)
    engine(False)(requests[:2000])  # warm the holiday calendars
    base = best_of(3, lambda: naive(requests))
    print(f"{args.requests} requests, {sum(len(r[0]) for r in requests)} events")
    print(f"baseline (received + 30 days): {base:.3f} s  {base / args.requests * 1e6:.2f} us/request")
    for label, explain in (("assess, explain=False", False), ("assess, explain=True", True)):
        took = best_of(3, lambda explain=explain: engine(explain)(requests))  # type: ignore[misc]
        print(f"{label}: {took:.3f} s  {took / args.requests * 1e6:.2f} us/request  "
              f"ratio to baseline {took / base:.1f}x")


if __name__ == "__main__":
    main()
