"""What the tracker derives from a request's history, and the cache that makes `dsar due` fast.

Deadlines and statuses come only from the deadline engine (dsar.deadlines),
applied to the request's events, the controller's nation, the kind of request
and its regimes. Nothing here is a rule of law; this module decides only
*when a request needs the user's attention*:

- the next move is the user's (the engine's action is not "wait" or "none":
  send, send-id, pay-fee, clarify, chase, complain, complain-ico, ask-reasons), or
- a date is coming up within the window asked for: the response deadline
  (`due_on`) or the acknowledgement of a complaint (`complaint_ack_due`).

The cache columns (`requests.due_on`, `requests.attention_on`) are recomputed
by `refresh()` from the events, in the same transaction as each event logged:

- `due_on`: the engine's deadline as of the last event;
- `attention_on`: the earliest day on which the request can need attention:
  the first day the engine's action stops being "wait"/"none" (found by
  bisection over the days after the last event: with no new events the action
  only moves forward, wait -> chase -> complain -> complain-ico), or the
  deadline or acknowledgement date, whichever is first; NULL when nothing will
  ever need doing (answered, closed).

`Tracker.due` asks the index for `attention_on <= today + within` and then
assesses each candidate from its full history, so the cache can only narrow the
search, never change an answer. tests/test_tracker_derived.py checks the fast
path against assessing every request, over generated histories.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from dsar.errors import TrackerError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from dsar.deadlines import Assessment
    from dsar.tracker.store import Request, TrackedRequest

REQUEST_KINDS = ("access", "erasure")
REGIMES = ("uk-gdpr", "dpa-part-3")
NATIONS = ("england", "wales", "scotland", "northern-ireland")
QUIET_ACTIONS = frozenset({"wait", "none"})
# late, partly answered or refused, and waiting for an answer to a chaser or a request for
# reasons: still shown by `dsar due`, with the chaser's final date (issue 11 item 12)
SHOWN_WHILE_WAITING = frozenset({"overdue", "partial", "refused"})
CACHE_VERSION = 2  # bump when this module's rules change; stale rows are recomputed on open
HORIZON_DAYS = 800  # beyond any deadline: 3 months' extension plus long pauses
# How far another `holidays` version can move a cached date: each bank holiday one calendar
# has and the other lacks moves a deadline by at most one working day (3 calendar days over a
# weekend); 14 days covers four such differences within one request's dates.
FOREIGN_HOLIDAYS_SLACK_DAYS = 14


@cache
def stamp() -> str:
    """What the cached columns were computed with: the rules (dsar and this module's version)
    and the installed `holidays` package.

    Rows with other rules are recomputed when the tracker is opened. Rows whose stamp differs
    only in the `holidays` version (colleagues on one shared tracker with different installs)
    are not: recomputing every row on every open by each of them in turn was what made them
    slow each other down. `Tracker.due` widens its index search for those rows by
    FOREIGN_HOLIDAYS_SLACK_DAYS instead, and every candidate is assessed from its full history
    with this process's calendars, so the answer is the same; a row is recomputed with this
    process's stamp whenever an event is logged to it.
    """
    from importlib.metadata import version

    return f"{rules_stamp()}holidays {version('holidays')}"


def rules_stamp() -> str:
    """The part of `stamp()` that says which rules computed a row ("dsar 1.2; cache 1; ")."""
    import dsar

    return f"dsar {dsar.__version__}; cache {CACHE_VERSION}; "


# -- validation ----------------------------------------------------------------------------

def check_request(*, kind: str, regimes: Sequence[str], nation: str) -> None:
    if kind not in REQUEST_KINDS:
        raise TrackerError(f'unknown request kind "{kind}"; use one of: {", ".join(REQUEST_KINDS)}')
    if not regimes or any(r not in REGIMES for r in regimes):
        raise TrackerError(
            f'unknown regime "{",".join(regimes)}"; use one or both of: {", ".join(REGIMES)}'
        )
    if nation not in NATIONS:
        raise TrackerError(f'unknown nation "{nation}"; use one of: {", ".join(NATIONS)}')


def check_event(event: str, via: str | None) -> None:
    from dsar.deadlines import EVENTS, VIAS

    if event not in EVENTS:
        raise TrackerError(f'unknown event "{event}"; use one of: {", ".join(EVENTS)}')
    if via is not None and via not in VIAS:
        raise TrackerError(f'unknown way of sending "{via}"; use one of: {", ".join(VIAS)}')


def statuses() -> tuple[str, ...]:
    from dsar import deadlines

    return tuple(getattr(deadlines, "STATUSES", ()))


def check_status(status: str) -> None:
    known = statuses()
    if known and status not in known:
        raise TrackerError(f'unknown status "{status}"; use one of: {", ".join(known)}')


# -- assessing -----------------------------------------------------------------------------

def assess(request: TrackedRequest, today: date, *, explain: bool = True) -> Assessment:
    """The engine's assessment of `request` on `today` (explain=False: no explanation, faster)."""
    from dsar.deadlines import assess as engine_assess

    return engine_assess(request.events, nation=request.nation, kind=request.kind,
                         regimes=request.regimes, today=today, explain=explain)


def needs_attention(assessment: Assessment, today: date, within: int | None) -> bool:
    """True when the user has something to do, or should keep an eye on a date.

    - the engine's action is the user's move (not "wait" or "none"): always;
    - waiting, but the request is overdue, partly answered or refused (a chaser or a request
      for reasons was sent, its final date has not passed): always;
    - waiting for a date that falls between today and `today + within` days (None: any
      later date): the reply deadline, or the acknowledgement of a complaint.
    Waiting on a complaint or on the ICO with no date coming up is not listed.
    """
    if assessment.action not in QUIET_ACTIONS:
        return True
    if assessment.action == "none":
        return False
    if assessment.status in SHOWN_WHILE_WAITING:
        return True
    horizon = None if within is None else today + timedelta(days=within)
    return any(day is not None and day >= today and (horizon is None or day <= horizon)
               for day in (assessment.due_on, assessment.complaint_ack_due))


def urgency(item: tuple[Request, Assessment]) -> tuple[int, int, date, str]:
    """Sort key: overdue first (most days late first), then the user's moves, then dates to watch."""
    request, assessment = item
    dates = [d for d in (assessment.due_on, assessment.complaint_ack_due) if d is not None]
    if assessment.days_overdue > 0:
        group = 0
    elif assessment.action not in QUIET_ACTIONS:
        group = 1
    else:
        group = 2
    return (group, -assessment.days_overdue, min(dates) if dates else date.max, request.ref)


def select_due(requests: Iterable[TrackedRequest], today: date, within: int | None, *,
               explain: bool = True) -> list[tuple[TrackedRequest, Assessment]]:
    """The requests that need attention, with today's assessment, most urgent first."""
    found = []
    for request in requests:
        assessment = assess(request, today, explain=explain)
        if needs_attention(assessment, today, within):
            found.append((request, assessment))
    return sorted(found, key=urgency)


def start_of_watch(request: TrackedRequest) -> date:
    """The first day the tracker can be asked about: the last event's day (or creation)."""
    days = [e.on for e in request.events]
    return max([request.created, *days])


def attention_on(request: TrackedRequest) -> tuple[date | None, date | None]:
    """(due_on, attention_on) for the cache; see the module docstring.

    attention_on is a lower bound of every day on which `needs_attention` can be true
    (for any window), so `attention_on <= today + within` never drops a request that
    needs attention; tests/test_tracker_derived.py checks this against assessing all.
    """
    start = start_of_watch(request)
    first = assess(request, start, explain=False)
    if first.action not in QUIET_ACTIONS or first.status in SHOWN_WHILE_WAITING:
        return first.due_on, start
    # a date to watch counts only while it is ahead (needs_attention looks at days >= today)
    candidates = [d for d in (first.due_on, first.complaint_ack_due)
                  if d is not None and d >= start and first.action == "wait"]
    # bisection for the first day the action stops being quiet (wait/none)
    low, high = start, start + timedelta(days=HORIZON_DAYS)
    if assess(request, high, explain=False).action not in QUIET_ACTIONS:
        while (high - low).days > 1:
            middle = low + timedelta(days=(high - low).days // 2)
            if assess(request, middle, explain=False).action in QUIET_ACTIONS:
                low = middle
            else:
                high = middle
        candidates.append(high)
    return first.due_on, (min(candidates) if candidates else None)


def refresh(conn: Connection, ids: Sequence[int]) -> None:
    """Recompute the cached columns of `ids` from their histories (inside the caller's transaction)."""
    from sqlalchemy import bindparam, update

    from dsar.tracker.models import requests
    from dsar.tracker.store import load_requests

    if not ids:
        return
    loaded = load_requests(conn, requests.c.id.in_(ids))
    rows = []
    for row_id, request in loaded.items():
        due, attention = attention_on(request)
        rows.append({"row_id": row_id, "due": due, "attention": attention, "stamp": stamp()})
    conn.execute(
        update(requests).where(requests.c.id == bindparam("row_id")).values(
            due_on=bindparam("due"), attention_on=bindparam("attention"),
            derived_stamp=bindparam("stamp"),
        ),
        rows,
    )


# -- warnings for events that look out of order ----------------------------------------------

# an event -> the events one of which normally comes first (uk-law.md "Deadlines": the
# relevant time counts id-provided only after id-requested, fee-paid only after fee-requested)
_AFTER = {
    "id-provided": ("id-requested",),
    "fee-paid": ("fee-requested",),
    "clarification-provided": ("clarification-requested",),
    "complaint-acknowledged": ("complaint-sent",),
}


def sequence_warnings(before: TrackedRequest, event: str, on: date) -> list[str]:
    """Why `event` on `on` looks odd after the history so far (it is recorded all the same)."""
    kinds = {e.kind for e in before.events}
    warnings = []
    needed = _AFTER.get(event)
    if needed and not kinds & set(needed):
        warnings.append(
            f"{event} logged with no {' or '.join(needed)} before it; the deadline engine "
            f"ignores {event} until {needed[0]} is logged too"
            if event in ("id-provided", "fee-paid") else
            f"{event} logged with no {' or '.join(needed)} before it; check the history "
            f"with `dsar track show {before.ref}`"
        )
    if "closed" in kinds and event not in ("note", "closed"):
        warnings.append(f"{before.ref} was closed; {event} is recorded, but check it belongs here")
    earlier = [e for e in before.events if e.kind in ("sent", "drafted") and e.on > on]
    if event in ("received", "acknowledged", "responded") and earlier:
        warnings.append(
            f"{event} on {on.isoformat()} is before the letter was {earlier[0].kind} "
            f"({earlier[0].on.isoformat()}); check the date"
        )
    return warnings
