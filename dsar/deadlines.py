"""The deadline engine: a request's status, legal deadline and next step, from its history.

Pure functions, no database: `assess(events, nation=..., kind=..., regimes=..., today=...)`
takes the events of one request (anything with `kind`, `on`, `via`, `data` attributes, e.g.
`Event`) and returns an `Assessment` whose `explanation` shows every step with its source.
Sources: shared/research/uk-law.md "Deadlines"; statute-extracts.md (DUAA 2025 ss.76, 103;
DPA 2018 s.54 before amendment). Dates use the bank holidays of the controller's nation.

Rules, as applied
-----------------
1. Receipt. A `received` event wins (the last one recorded, so a correction can be
   appended). Otherwise the last `sent` event and how it went: email, online form or by
   hand, the day sent; first-class post, the 2nd working day after posting; second-class
   post, the 3rd; not recorded, treated as second-class post. This is a cautious
   assumption (uk-law.md, "When only the posting date is known"): it can only make the
   deadline later, never call a reply late too early. The same rule dates the arrival of
   ID, clarification and complaints the requester sends. No `sent`/`received`: a draft.
2. Rules in force. Received on or after 5 Feb 2026: UK GDPR Art 12A and DPA 2018 s.54 as
   amended by DUAA 2025 s.76 (in force 5 Feb 2026, SI 2026/82). Received before: the old
   rules (UK GDPR Art 12(3); DPA 2018 s.54 before amendment).
3. Relevant time (Art 12A(2); s.54(3)): the latest of receipt; receipt of the ID asked for
   (only if `id-requested`); payment of the fee asked for (only if `fee-requested`). While
   ID or a fee is awaited there is no deadline: the next move is the requester's. Before
   5 Feb 2026 the same dates started the clock (s.54(3); ICO practice for UK GDPR).
4. One month (ICO guidance, uk-law.md rule 5): the corresponding date next month, or the
   last day of that month when there is none (`one_month_after`).
5. Clarification pause (Art 12A(5); s.54(3C)), access requests only, requests received from
   5 Feb 2026 only: the days from `clarification-requested` to the arrival of
   `clarification-provided`, both included, do not count. The engine adds them to the raw
   month date and THEN moves a weekend or bank holiday to the next working day (the pause
   lengthens the statutory period; the working-day roll is the ICO's way of reading where
   that period ends, so it comes last). A clarification request made after the period has
   ended does not pause it. While clarification is awaited the clock is stopped.
6. Weekend or bank holiday of the controller's nation: the next working day (ICO guidance).
7. Extension (Art 12A(3)-(4); s.54(3A)-(3B)): an `extended` event dated on or before the
   unextended due date gives three months from the relevant time (pauses added, then the
   working-day roll). A later notice does not extend. Before 5 Feb 2026: two further months
   under UK GDPR (Art 12(3)), none under DPA 2018 Part 3; with both regimes, the latest
   date either allows. Before 5 Feb 2026 there was no statutory clarification pause.
8. Complaint to the controller (DPA 2018 s.164A(3), in force 19 June 2026): when the complaint
   arrives on or after that date, it must be acknowledged within 30 days beginning with the
   day it arrives (that day is day 1, so the last day is arrival + 29 days). Before then
   there was no statutory duty to acknowledge.
9. Overdue only when today is after `due_on`.

Statuses
--------
draft, awaiting-id, awaiting-fee, awaiting-clarification, waiting, overdue, partial,
refused, answered, complaint-open, ico-complaint, closed.

Next steps (status -> action)
-----------------------------
The latest of `responded`, `partial-response`, `refused`, `complaint-sent`,
`complaint-acknowledged`, `ico-complaint`, `closed` (by date, then order recorded) sets the
phase; without one, the deadline does.

=======================  ======================================================  ============
status                   situation                                               action
=======================  ======================================================  ============
draft                    not sent                                                send
awaiting-id              ID asked for, not sent yet                              send-id
awaiting-fee             fee asked for, not paid yet                             pay-fee
awaiting-clarification   clarification asked for, not given (clock stopped)      clarify
waiting                  before the deadline (clarify if an unpaused question)   wait/clarify
overdue                  after the deadline, not chased since                    chase
overdue                  chased < 14 days ago                                    wait
overdue                  chased 14+ days ago, no answer                          complain
partial                  part of the answer came; missing parts not chased       chase
partial                  chased 14+ days ago (less: wait)                        complain
refused                  refusal; reasons not asked for                          ask-reasons
refused                  reasons asked 14+ days ago (less: wait)                 complain
complaint-open           complaint arrived < 30 days ago / acknowledged < 30     wait
complaint-open           no acknowledgement after the s.164A date, or 30+ days   complain-ico
                         since it was acknowledged (or arrived, before 19 June
                         2026) with no outcome
ico-complaint            complaint made to the ICO                               wait
answered                 `responded`                                             none
closed                   `closed`                                                none
=======================  ======================================================  ============

The 14-day wait after a chaser and the 30-day wait for a complaint outcome are this tool's
practice, not statute; the ICO expects a complaint to the organisation first and a complaint
to it (DPA 2018 s.165) within three months of the last meaningful contact (uk-law.md rule 7).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any, Protocol

from dsar.bank_holidays import (
    NATION_NAMES,
    SUBDIVISIONS,
    check_nation,
    holiday_name,
    is_working_day,
    next_working_day,
    why_not_working,
    working_days_after,
)
from dsar.errors import DsarError

__all__ = [
    "ACTIONS", "EVENTS", "REGIMES", "STATUSES", "VIAS", "Assessment", "Event", "EventLike",
    "assess", "deemed_receipt", "format_day", "is_working_day", "months_after",
    "next_working_day", "one_month_after",
]

EVENTS: tuple[str, ...] = (
    "drafted", "sent", "received", "acknowledged", "id-requested", "id-provided",
    "fee-requested", "fee-paid", "clarification-requested", "clarification-provided",
    "extended", "responded", "partial-response", "refused", "complaint-sent",
    "complaint-acknowledged", "ico-complaint", "closed", "note",
    "chase-sent", "reasons-requested",  # follow-up letters (issue 7)
)
VIAS: tuple[str, ...] = ("email", "online-form", "post-first", "post-second", "hand")
REGIMES: tuple[str, ...] = ("uk-gdpr", "dpa-part-3")
STATUSES: tuple[str, ...] = (
    "draft", "awaiting-id", "awaiting-fee", "awaiting-clarification", "waiting", "overdue",
    "partial", "refused", "answered", "complaint-open", "ico-complaint", "closed",
)
ACTIONS: tuple[str, ...] = (
    "send", "send-id", "pay-fee", "clarify", "wait", "chase", "complain", "complain-ico",
    "ask-reasons", "none",
)

NEW_RULES_FROM = date(2026, 2, 5)  # DUAA 2025 ss.75-76 in force (SI 2026/82)
COMPLAINT_DUTY_FROM = date(2026, 6, 19)  # DUAA 2025 s.103 (DPA 2018 s.164A) in force
COMPLAINT_ACK_DAYS = 30  # s.164A(3): "within the period of 30 days beginning when ... received"
CHASE_WAIT_DAYS = 14  # this tool's practice: time to answer a chaser or a request for reasons
COMPLAINT_WAIT_DAYS = 30  # this tool's practice: time for an outcome to a complaint
ICO_COMPLAINT_MONTHS = 3  # ICO: complain within three months of the last meaningful contact

_EVENT_SET = frozenset(EVENTS)
_VIA_SET = frozenset(VIAS)
_PHASES = frozenset(
    ("responded", "partial-response", "refused", "complaint-sent", "complaint-acknowledged",
     "ico-complaint", "closed")
)
_NOT_CONTACT = frozenset(("note", "drafted"))
_ASKED = (("id-requested", "id-provided", "ID", "ID received"),
          ("fee-requested", "fee-paid", "fee", "fee paid"))
_ASKED_KEYS = frozenset(("id-requested", "id-provided", "fee-requested", "fee-paid"))
_ONE_DAY = timedelta(days=1)
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Words in the explanation meant for the user (shown by `dsar track show`), which a letter
# quoting the engine's working leaves out (dsar.followup.context; issue 11 item 9).
USER_CAUTION = (" (a cautious assumption, so a reply is never called late too early; record the real "
                "date if you know it)")
USER_SAFE = " to be safe"
_VIA_WORDS = {
    "email": "by email", "online-form": "by online form", "hand": "by hand",
    "post-first": "by first-class post", "post-second": "by second-class post",
}


class EventLike(Protocol):
    """What `assess` reads from an event: `Event`, or a database row with these attributes."""

    @property
    def kind(self) -> str: ...
    @property
    def on(self) -> date: ...
    @property
    def via(self) -> str | None: ...
    @property
    def data(self) -> Mapping[str, Any]: ...


def check_event(kind: str, via: str | None = None) -> None:
    """Raise a DsarError unless `kind` is a known event and `via` a known way of sending."""
    if kind not in _EVENT_SET:
        raise DsarError(f'unknown event "{kind}": use one of {", ".join(EVENTS)}')
    if via is not None and via not in _VIA_SET:
        raise DsarError(f'unknown way of sending "{via}": use one of {", ".join(VIAS)}')


@dataclass(frozen=True, slots=True)
class Event:
    """One entry in a request's history."""

    kind: str
    on: date
    via: str | None = None
    note: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict, hash=False)  # e.g. {"missing": ["copy"]}

    def __post_init__(self) -> None:
        check_event(self.kind, self.via)


@dataclass(frozen=True)
class Assessment:
    """What the rules say about one request today. See the module docstring for the vocabularies."""

    status: str
    next_step: str
    action: str
    received_on: date | None
    relevant_time: date | None
    due_on: date | None  # the latest date the rules allow (a valid extension applied)
    days_overdue: int  # days after due_on while no answer, refusal or closure is recorded
    complaint_ack_due: date | None  # s.164A(3), for a complaint arriving on/after 19 Jun 2026
    rules: str  # "2026" (received on/after 5 Feb 2026) or "pre-2026"
    explanation: tuple[str, ...]
    clock_stopped_on: date | None = None  # awaiting clarification: the day the clock stopped
    # waiting for an answer to a chaser or a request for reasons: the final date it gave
    # (CHASE_WAIT_DAYS after it); `dsar due` and the calendar keep the request in sight until then
    watch_on: date | None = None
    # received before 5 Feb 2026 by a body under both regimes, when the dates differ: the date for
    # data processed under DPA 2018 Part 3 (no pause, no extension); due_on is then the later one
    part3_due_on: date | None = None


def _assessment(**fields: Any) -> Assessment:
    """Build an Assessment without the frozen dataclass's per-field object.__setattr__.

    `dsar due` assesses 100,000 requests at a time; this saves about a microsecond each. The
    result is an ordinary Assessment (equal to one built by its constructor, still frozen).
    """
    made = object.__new__(Assessment)
    made.__dict__.update(fields)
    return made


# ---------------------------------------------------------------------------------------
# Dates


def format_day(day: date) -> str:
    """"Mon 2 Mar 2026", whatever the locale."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


@cache
def months_after(start: date, months: int) -> date:
    """The corresponding date `months` later, or the last day of that month if there is none.

    ICO guidance on counting a month (uk-law.md, Deadlines, rule 5).
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def one_month_after(start: date) -> date:
    """The corresponding date next month, or the last day of next month if there is none."""
    return months_after(start, 1)


def _months_words(start: date, months: int) -> str:
    """"one month later: Thu 2 Apr 2026" or "... has no 31 Feb, so the last day, Sat 28 Feb 2026"."""
    end = months_after(start, months)
    label = "one month later" if months == 1 else f"{_number(months)} months later"
    if end.day == start.day:
        return f"{label}: {format_day(end)}"
    return (f"{label} has no {start.day} {_MONTH_NAMES[end.month - 1]}, so the last day, "
            f"{format_day(end)}")


def _roll_words(raw: date, nation: str) -> str:
    """"; a weekend, so the next working day: Mon 2 Mar 2026", or "; a working day in England"."""
    due = next_working_day(raw, nation)
    if due == raw:
        return f"; a working day in {NATION_NAMES[nation]}"
    also = []
    day = raw + _ONE_DAY
    while day < due:
        name = holiday_name(day, nation)
        if name is not None and day.weekday() < 5:
            also.append(f"{format_day(day)} ({name})")
        day += _ONE_DAY
    tail = f", and so is {' and '.join(also)}" if also else ""
    return f"; {why_not_working(raw, nation)}{tail}, so the next working day: {format_day(due)}"


def _number(n: int) -> str:
    return {1: "one", 2: "two", 3: "three"}.get(n, str(n))


# ---------------------------------------------------------------------------------------
# Receipt


@cache
def _arrival(on: date, via: str | None, nation: str) -> date:
    if via in ("email", "online-form", "hand"):
        return on
    if via == "post-first":
        return working_days_after(on, 2, nation)
    return working_days_after(on, 3, nation)  # second class, or not recorded


def _arrival_words(what: str, on: date, via: str | None, arrived: date) -> str:
    """One explanation line for a deemed arrival."""
    if via in ("email", "online-form", "hand"):
        return f"{what} sent {_VIA_WORDS[via]} on {format_day(on)}, so treated as received that day."
    if via is None:
        how = (f"how it was sent is not recorded, so{USER_SAFE} it is treated as second-class post: "
               "received on the 3rd working day after")
    elif via == "post-first":
        how = "treated as received on the 2nd working day after posting"
    else:
        how = "treated as received on the 3rd working day after posting"
    return (f"{what} sent {_VIA_WORDS.get(via or '', '')} on {format_day(on)}; {how}: "
            f"{format_day(arrived)}{USER_CAUTION}.").replace("sent  on", "sent on")


def deemed_receipt(sent_on: date, via: str | None, nation: str) -> tuple[date, str]:
    """When a letter sent on `sent_on` by `via` is treated as received, and why.

    Email, online form and hand delivery: the day sent. First-class post: the 2nd working day
    after posting; second class (or not recorded): the 3rd (uk-law.md, Deadlines). Never
    earlier than `sent_on`.
    """
    check_nation(nation)
    check_event("sent", via)
    arrived = _arrival(sent_on, via, nation)
    return arrived, _arrival_words("The request was", sent_on, via, arrived)


def working_lines(explanation: Sequence[str]) -> list[str]:
    """The lines of an explanation that work out the deadline (receipt .. the period), without
    what follows them (today's lateness, the chaser's wait, the next step): true on any day.

    The period line always ends with its sources, which name the ICO's guidance on counting
    a month (`_period_line`); everything after the last such line is about today.
    """
    last = max((i for i, line in enumerate(explanation) if _PERIOD_SOURCE in line), default=-1)
    return list(explanation[: last + 1])


_PERIOD_SOURCE = "ICO guidance on counting a month"


# ---------------------------------------------------------------------------------------
# Citations


@dataclass(frozen=True, slots=True)
class _Law:
    gdpr: bool
    part3: bool
    new: bool

    def cite(self, article: str, section: str) -> str:
        """E.g. "UK GDPR Art 12A(1); DPA 2018 s.54(2) as amended by DUAA 2025 s.76"."""
        parts = []
        if self.gdpr:
            parts.append(f"UK GDPR {article}" + ("" if self.new else " before 5 Feb 2026"))
        if self.part3:
            parts.append(f"DPA 2018 {section}" + (" as amended by DUAA 2025 s.76" if self.new
                                                  else " before amendment"))
        return "; ".join(parts)


@cache
def _law(gdpr: bool, part3: bool, new: bool) -> _Law:
    return _Law(gdpr, part3, new)


def _check_regimes(regimes: Sequence[str]) -> tuple[bool, bool]:
    if not regimes:
        raise DsarError("no regime given: use uk-gdpr, dpa-part-3 or both")
    for regime in regimes:
        if regime not in REGIMES:
            raise DsarError(f'unknown regime "{regime}": use uk-gdpr or dpa-part-3')
    return "uk-gdpr" in regimes, "dpa-part-3" in regimes


# ---------------------------------------------------------------------------------------
# The period


@dataclass(slots=True)
class _Period:
    raw: date  # months after the relevant time, before pauses
    added: int  # paused days added
    due: date  # raw + added, moved to a working day
    stopped_on: date | None  # clarification awaited since this day: no due date yet
    lines: list[str]


def _pauses(asked: list[EventLike] | None, given: list[EventLike] | None,
            nation: str) -> list[tuple[date, date | None]]:
    """Clarification intervals (first day, last day or None while awaited), merged and sorted.

    The last day is when the controller receives the answer (Art 12A(5)(b)): the day it was
    sent by email, online form or hand; by post, its deemed arrival (rule 1).
    """
    if not asked:
        return []
    arrivals = sorted(_arrival(ev.on, ev.via, nation) for ev in given or ())
    spans: list[tuple[date, date | None]] = []
    for start in sorted(ev.on for ev in asked):
        end = next((day for day in arrivals if day >= start), None)
        if spans:
            last_start, last_end = spans[-1]
            if last_end is None or start <= last_end:  # overlaps the previous one: merge
                spans[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
                continue
        spans.append((start, end))
    return spans


def _posted_words(arrived: date, given: Sequence[EventLike], nation: str) -> str:
    """" (posted Thu 12 Mar 2026, treated as arriving 2 working days later)", when it was posted."""
    for ev in given:
        if ev.on != arrived and _arrival(ev.on, ev.via, nation) == arrived:
            if ev.via is None:
                return (f" (sent on {format_day(ev.on)}; how is not recorded, so treated as second-class "
                        "post: the 3rd working day after)")
            count = "2nd" if ev.via == "post-first" else "3rd"
            return (f" (sent {_VIA_WORDS[ev.via]} on {format_day(ev.on)}, treated as arriving on the {count} "
                    "working day after)")
    return ""


def _period(start: date, months: int, pauses: list[tuple[date, date | None]], nation: str,
            cite: str, explain: bool, given: Sequence[EventLike] = ()) -> _Period:
    """The period of `months` from `start`, `pauses` added (each line cites `cite`)."""
    raw = months_after(start, months)
    due = next_working_day(raw, nation)
    if not pauses:
        return _Period(raw, 0, due, None, [])
    added = 0
    lines: list[str] = []
    for first, last in pauses:
        if last is not None and last < start:
            continue
        begin = max(first, start)
        if begin > due:
            if explain:
                lines.append(f"Clarification asked for on {format_day(first)}, after the period had "
                             f"ended on {format_day(due)}: it cannot pause it ({cite}).")
            break
        if last is None:
            if explain:
                used = (begin - start).days
                lines.append(
                    f"Clarification asked for on {format_day(first)}: the clock stopped that day "
                    f"({cite}), {used} day{'s' if used != 1 else ''} after it started; it restarts "
                    "when they receive your answer, and the days in between do not count."
                )
            return _Period(raw, added, due, begin, lines)
        days = (last - begin).days + 1
        added += days
        due = next_working_day(raw + timedelta(days=added), nation)
        if explain:
            lines.append(
                f"Clarification asked for on {format_day(first)} and received {format_day(last)}"
                f"{_posted_words(last, given or (), nation)}: "
                f"{days} day{'s' if days != 1 else ''}, both included, do not count ({cite})."
            )
    return _Period(raw, added, due, None, lines)


def _period_line(label: str, start: date, months: int, period: _Period, nation: str,
                 sources: str) -> str:
    text = f"{label} {format_day(start)}; {_months_words(start, months)}"
    if period.added:
        moved = period.raw + timedelta(days=period.added)
        text += f"; plus {period.added} paused day{'s' if period.added != 1 else ''}: {format_day(moved)}"
        text += _roll_words(moved, nation)
    else:
        text += _roll_words(period.raw, nation)
    return f"{text[0].upper()}{text[1:]} ({sources})."


# ---------------------------------------------------------------------------------------
# Assessment


def _latest(events: list[EventLike] | None) -> EventLike | None:
    """The latest by date; among equal dates, the last recorded."""
    if not events:
        return None
    best = events[0]
    for ev in events[1:]:
        if ev.on >= best.on:
            best = ev
    return best


def _after(events: list[EventLike] | None, day: date) -> EventLike | None:
    """The latest event on or after `day`, if any."""
    best = _latest(events)
    return best if best is not None and best.on >= day else None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def assess(events: Sequence[EventLike], *, nation: str, kind: str, regimes: Sequence[str],
           today: date, explain: bool = True) -> Assessment:
    """Status, deadline and next step of one request (`kind` "access", "erasure", ...).

    `events` in the order recorded. `explain=False` skips building the explanation (for
    listing many requests quickly); everything else is the same.
    """
    if nation not in SUBDIVISIONS:
        check_nation(nation)
    gdpr, part3 = "uk-gdpr" in regimes, "dpa-part-3" in regimes
    if not regimes or gdpr + part3 != len(regimes):  # empty, unknown or repeated: the check says which
        gdpr, part3 = _check_regimes(regimes)
    by: dict[str, list[EventLike]] = {}
    for ev in events:
        group = by.get(ev.kind)
        if group is None:
            if ev.kind not in _EVENT_SET:
                check_event(ev.kind)
            by[ev.kind] = [ev]
        else:
            group.append(ev)
    phase: EventLike | None = None  # the latest answer or complaint; same date: the last recorded
    if not _PHASES.isdisjoint(by):
        for ev in events:
            if ev.kind in _PHASES and (phase is None or ev.on >= phase.on):
                phase = ev
    lines: list[str] = []

    # 1. Receipt (uk-law.md, Deadlines: deemed receipt)
    received = by.get("received")
    sent = by.get("sent")
    if received:
        receipt = received[-1].on
        if explain:
            lines.append(f"Received {format_day(receipt)} (the date recorded).")
    elif sent:
        letter = sent[-1]
        receipt = _arrival(letter.on, letter.via, nation)
        if explain:
            lines.append(_arrival_words("The request was", letter.on, letter.via, receipt))
    else:
        return _draft(by, today, explain)

    # 2. Which rules (SI 2026/82: DUAA 2025 s.76 applies to requests received from 5 Feb 2026)
    new = receipt >= NEW_RULES_FROM
    law = _law(gdpr, part3, new)
    if explain:
        if new:
            lines.append("Received on or after 5 Feb 2026, so the rules in force since then apply "
                         f"({law.cite('Art 12A', 's.54')}).")
        else:
            lines.append("Received before 5 Feb 2026, so the old rules apply: one month from "
                         f"receipt ({law.cite('Art 12(3)', 's.54(2)-(3)')}); DUAA 2025 s.76 covers "
                         "only requests received from 5 Feb 2026 (SI 2026/82).")

    # 3. Relevant time (Art 12A(2); s.54(3))
    start, start_label = receipt, "received"
    awaiting: str | None = None
    asked_on: date | None = None
    rt_cite = law.cite("Art 12A(2)" if new else "Art 12(6) and ICO practice", "s.54(3)") if explain else ""
    for asked_kind, given_kind, what, label in _ASKED if not _ASKED_KEYS.isdisjoint(by) else ():
        asked = _latest(by.get(asked_kind))
        given = by.get(given_kind)
        if asked is None:
            if given and explain:
                lines.append(f"The {what} was {'paid' if what == 'fee' else 'sent'} without being asked "
                             f"for, so it does not move the start of the clock ({rt_cite}).")
            continue
        if what == "ID":  # the clock starts when the controller receives it
            arrivals = [(_arrival(ev.on, ev.via, nation), ev) for ev in given or () if ev.on >= asked.on]
            done = max(arrivals, key=lambda pair: pair[0]) if arrivals else None
        else:  # Art 12A(2)(c): when the fee is paid
            paid = _after(given, asked.on)
            done = (paid.on, paid) if paid is not None else None
        if done is None:
            if awaiting is None:
                awaiting, asked_on = what, asked.on
            if explain:
                lines.append(f"They asked for {'the ' if what == 'fee' else ''}{what} on "
                             f"{format_day(asked.on)}; until they have it there is no deadline, and "
                             f"the next move is yours ({rt_cite}).")
            continue
        when, ev = done
        if explain:
            if what == "ID" and when != ev.on:
                lines.append(_arrival_words("The ID was", ev.on, ev.via, when))
            lines.append(f"They asked for {'a ' if what == 'fee' else ''}{what} on {format_day(asked.on)}; "
                         f"{label} {format_day(when)}"
                         + (", so the clock starts then" if when > start else
                            ", not later than the request, so the clock still starts at receipt")
                         + f" ({rt_cite}).")
        if when > start:
            start, start_label = when, label

    # 4-7. The period
    due_on: date | None = None
    stopped_on: date | None = None
    part3_due: date | None = None
    pending_question = False
    if awaiting is None:
        # Clarification pauses access requests: from 5 Feb 2026 under both regimes (Art 12A(5);
        # s.54(3C)); before, under UK GDPR only, by ICO practice, and never under Part 3
        # (uk-law-addendum.md point 5; old rules: dsar.deadlines docstring rule 5).
        pausable = kind == "access" and (new or gdpr)
        # Old rules, both regimes: the Part 3 side has no pause and no extension, so its own date.
        split = not new and gdpr and part3
        pauses: list[tuple[date, date | None]] = []
        clar_given: list[EventLike] = []
        asked_clar = by.get("clarification-requested")
        if asked_clar:
            if pausable:
                clar_given = by.get("clarification-provided") or []
                pauses = _pauses(asked_clar, clar_given, nation)
            else:
                last_ask = max(ev.on for ev in asked_clar)
                given_after = _after(by.get("clarification-provided"), last_ask)
                pending_question = given_after is None
                if explain:
                    if not new:
                        why = ("before 5 Feb 2026 DPA 2018 Part 3 had no clarification pause (s.54 before "
                               "amendment)" if not gdpr else
                               "before 5 Feb 2026 only access requests could be paused (ICO practice)")
                    else:
                        why = ("the pause applies only to access requests (UK GDPR Art 12A(5); "
                               "DPA 2018 s.54(3C))")
                    lines.append(f"They asked for clarification, but {why}, so the deadline does not move.")
        pause_cite = (law.cite("Art 12A(5)", "s.54(3C)") if new else
                      "UK GDPR, ICO practice before 5 Feb 2026; never under DPA 2018 Part 3")
        one = _period(start, 1, pauses, nation, pause_cite, explain, clar_given)
        period, months = one, 1
        ext_lines: list[str] = []
        extended = _earliest(by.get("extended"))
        if extended is not None:
            # A clock stopped for clarification inside the first month keeps that month open.
            timely = one.stopped_on is not None or extended.on <= one.due
            # Before 5 Feb 2026 only UK GDPR had an extension (Art 12(3)); Part 3 had none.
            ext_cite = (law.cite("Art 12A(3)-(4)", "s.54(3A)-(3B)") if new
                        else "UK GDPR Art 12(3) before 5 Feb 2026")
            notice = f"They gave notice of an extension on {format_day(extended.on)}" if explain else ""
            if not timely:
                if explain:
                    ext_lines.append(f"{notice}, after the first month ended on {format_day(one.due)}, so it "
                                     f"does not extend the deadline ({ext_cite}: notice must come within "
                                     "the first month).")
            elif not new and not gdpr:
                if explain:
                    ext_lines.append(f"{notice}, but before 5 Feb 2026 DPA 2018 Part 3 allowed no extension "
                                     "(s.54 before amendment), so it does not extend the deadline.")
            else:
                period, months = _period(start, 3, pauses, nation, pause_cite, explain, clar_given), 3
                if explain:
                    within = "month" if one.stopped_on is not None else f"month (by {format_day(one.due)})"
                    ext_lines.append(f"{notice}, within the first {within}, so the period is three months "
                                     f"({ext_cite}); the notice must give reasons.")
                if explain and not new and part3:
                    ext_lines.append("DPA 2018 Part 3 allowed no extension before 5 Feb 2026, but UK GDPR "
                                     "did; as either may apply, the later date is the deadline, and the "
                                     "date for data under Part 3 is given apart.")
        if explain:
            lines.extend(period.lines)
            lines.extend(ext_lines)
            if period.stopped_on is None:
                if months == 3:
                    cite = (law.cite("Art 12A(3)", "s.54(3A)") if new
                            else "UK GDPR Art 12(3) before 5 Feb 2026")
                elif split and pauses:
                    cite = "UK GDPR Art 12(3) before 5 Feb 2026"
                else:
                    cite = law.cite("Art 12A(1)" if new else "Art 12(3)", "s.54(2)")
                sources = f"{cite}; {_PERIOD_SOURCE}"
                lines.append(_period_line(start_label, start, months, period, nation, sources))
        if period.stopped_on is not None:
            stopped_on = period.stopped_on
        else:
            due_on = period.due
        if split:
            plain = _period(start, 1, [], nation, pause_cite, False)
            if plain.due != due_on:
                part3_due = plain.due
                if explain:
                    lines.append(
                        f"DPA 2018 Part 3 had no extension and no clarification pause before 5 Feb 2026 "
                        f"(s.54 before amendment), so for data processed under "
                        f"Part 3 the answer was due one month from {format_day(start)}: "
                        f"{format_day(plain.due)} (DPA 2018 s.54(2) before amendment; {_PERIOD_SOURCE})."
                    )

    # 8. Complaint to the controller (DPA 2018 s.164A)
    ack_due: date | None = None
    complaint = _latest(by.get("complaint-sent"))
    complaint_in: date | None = None
    if complaint is not None:
        complaint_in = _arrival(complaint.on, complaint.via, nation)
        if complaint_in >= COMPLAINT_DUTY_FROM:
            ack_due = complaint_in + timedelta(days=COMPLAINT_ACK_DAYS - 1)

    answered = "responded" in by or "refused" in by or "closed" in by
    first_due = part3_due if part3_due is not None else due_on  # the earlier, when they differ
    late = first_due is not None and today > first_due and not answered
    days_overdue = (today - first_due).days if late and first_due is not None else 0

    step = _next_step(
        by=by, phase=phase, awaiting=awaiting, asked_on=asked_on, stopped_on=stopped_on,
        due_on=due_on, part3_due=part3_due, pending_question=pending_question, complaint_in=complaint_in,
        ack_due=ack_due, events=events, today=today, law=law, explain=explain,
    )
    status, action, next_step, more = step
    if explain:
        lines.extend(more)
    watch_on: date | None = None
    if action == "wait" and status in ("overdue", "partial", "refused"):
        asked = _latest([*by.get("chase-sent", ()), *by.get("reasons-requested", ())])
        if asked is not None:
            watch_on = asked.on + timedelta(days=CHASE_WAIT_DAYS)
    return _assessment(
        status=status, next_step=next_step, action=action, received_on=receipt,
        relevant_time=None if awaiting else start, due_on=due_on, days_overdue=days_overdue,
        complaint_ack_due=ack_due, rules="2026" if new else "pre-2026",
        explanation=tuple(lines), clock_stopped_on=stopped_on, watch_on=watch_on, part3_due_on=part3_due,
    )


def _earliest(events: list[EventLike] | None) -> EventLike | None:
    if not events:
        return None
    return min(events, key=lambda ev: ev.on)


def _draft(by: dict[str, list[EventLike]], today: date, explain: bool) -> Assessment:
    lines: list[str] = []
    if explain:
        made = _latest(by.get("drafted"))
        if made is not None:
            lines.append(f"Letter made on {format_day(made.on)}.")
        lines.append("Not sent yet: the time limit starts only when the organisation receives the "
                     "request (UK GDPR Art 12A(2)(a); DPA 2018 s.54(3)(a)).")
    return Assessment(
        status="draft", next_step="Send the letter", action="send", received_on=None,
        relevant_time=None, due_on=None, days_overdue=0, complaint_ack_due=None,
        rules="2026" if today >= NEW_RULES_FROM else "pre-2026", explanation=tuple(lines),
    )


def _next_step(*, by: dict[str, list[EventLike]], phase: EventLike | None, awaiting: str | None,
               asked_on: date | None, stopped_on: date | None, due_on: date | None, part3_due: date | None,
               pending_question: bool, complaint_in: date | None, ack_due: date | None,
               events: Sequence[EventLike], today: date, law: _Law,
               explain: bool) -> tuple[str, str, str, list[str]]:
    """(status, action, next_step, explanation lines) from the phase and the deadline."""
    more: list[str] = []
    complain = ("Complain to the organisation (DPA 2018 s.164A)" if today >= COMPLAINT_DUTY_FROM
                else "Complain to the organisation (the ICO expects this first)")
    if phase is not None:
        return _phase_step(by, phase, complaint_in, ack_due, events, today, law, complain,
                           explain, more)
    return _deadline_step(by, awaiting, asked_on, stopped_on, due_on, part3_due, pending_question, today,
                          law, complain, explain, more)


def _phase_step(by: dict[str, list[EventLike]], phase: EventLike, complaint_in: date | None,
                ack_due: date | None, events: Sequence[EventLike], today: date, law: _Law,
                complain: str, explain: bool, more: list[str]) -> tuple[str, str, str, list[str]]:
    kind = phase.kind
    if kind == "closed":
        return "closed", "none", f"Nothing to do: closed on {format_day(phase.on)}", more
    if kind == "ico-complaint":
        return ("ico-complaint", "wait",
                f"Wait for the ICO: you complained to it on {format_day(phase.on)}", more)
    if kind == "responded":
        return "answered", "none", f"Nothing to do: they answered on {format_day(phase.on)}", more
    if kind == "refused":
        reasons = _after(by.get("reasons-requested"), phase.on)
        cite = "; ".join((["UK GDPR Art 12(4)"] if law.gdpr else [])
                         + (["DPA 2018 s.45(5) for access, s.48 for erasure"] if law.part3 else []))
        if reasons is None:
            return ("refused", "ask-reasons",
                    f"Ask for their reasons ({cite}), or {complain[0].lower()}{complain[1:]}", more)
        return _escalate("refused", reasons.on, "your request for reasons", complain, today, explain, more)
    if kind == "partial-response":
        missing = phase.data.get("missing")
        what = f": {', '.join(str(m) for m in missing)}" if missing else ""
        chased = _after(by.get("chase-sent"), phase.on)
        if chased is None:
            return "partial", "chase", f"Chase them for the missing parts{what}", more
        return _escalate("partial", chased.on, "your chaser", complain, today, explain, more)

    # complaint-sent or complaint-acknowledged (DPA 2018 s.164A)
    sent = _latest(by.get("complaint-sent"))
    acks = by.get("complaint-acknowledged")
    acked = _latest(acks) if sent is None else _after(acks, sent.on)
    if explain and complaint_in is not None:
        if ack_due is not None:
            more.append(f"Your complaint to them arrived {format_day(complaint_in)}; they must acknowledge "
                        f"it within 30 days beginning that day, so by {format_day(ack_due)} "
                        "(DPA 2018 s.164A(3)), then deal with it without undue delay (s.164A(4)).")
        else:
            more.append(f"Your complaint to them arrived {format_day(complaint_in)}, before 19 Jun 2026, "
                        "when the duty to acknowledge complaints (DPA 2018 s.164A) began: no statutory "
                        "time limit applies to it.")
    if acked is not None:
        ready = acked.on + timedelta(days=COMPLAINT_WAIT_DAYS)
        waiting_for = "dealt with your complaint"
        if explain:
            more.append(f"They acknowledged it on {format_day(acked.on)}; with no outcome "
                        f"{COMPLAINT_WAIT_DAYS} days later ({format_day(ready)}) the tool suggests the ICO "
                        "(this tool's practice; s.164A(4) says without undue delay).")
    elif ack_due is not None:
        ready, waiting_for = ack_due + _ONE_DAY, "acknowledged your complaint"
    else:
        since = complaint_in if complaint_in is not None else phase.on
        ready, waiting_for = since + timedelta(days=COMPLAINT_WAIT_DAYS), "dealt with your complaint"
    if today >= ready:
        return "complaint-open", "complain-ico", _ico_step(events, today, explain, more), more
    return ("complaint-open", "wait",
            f"Wait: if they have not {waiting_for} by {format_day(ready - _ONE_DAY)}, "
            "complain to the ICO (DPA 2018 s.165)", more)


def _deadline_step(by: dict[str, list[EventLike]], awaiting: str | None, asked_on: date | None,
                   stopped_on: date | None, due_on: date | None, part3_due: date | None,
                   pending_question: bool, today: date, law: _Law, complain: str, explain: bool,
                   more: list[str]) -> tuple[str, str, str, list[str]]:
    # No answer yet: the deadline decides.
    if awaiting == "ID" and asked_on is not None:
        return "awaiting-id", "send-id", f"Send the ID they asked for on {format_day(asked_on)}", more
    if awaiting == "fee" and asked_on is not None:
        return ("awaiting-fee", "pay-fee",
                f"Pay the fee they asked for on {format_day(asked_on)}, or challenge it: a fee is "
                "allowed only for manifestly unfounded or excessive requests "
                f"({law.cite('Art 12(5)', 's.53')})", more)
    if stopped_on is not None and (part3_due is None or today <= part3_due):
        return ("awaiting-clarification", "clarify",
                f"Send the details they asked for on {format_day(stopped_on)}; their clock stopped that day"
                + (f" (not for data under DPA 2018 Part 3: due {format_day(part3_due)})"
                   if part3_due else ""),
                more)
    # With two dates (old rules, both regimes), the earlier, Part 3, one decides lateness.
    deadline = part3_due if part3_due is not None else due_on
    assert deadline is not None
    part = " for the data under DPA 2018 Part 3" if part3_due is not None else ""
    if today <= deadline:
        if pending_question:
            return ("waiting", "clarify",
                    f"Send the details they asked for; their deadline stays {format_day(deadline)}{part}",
                    more)
        if explain:
            more.append(f"Today, {format_day(today)}, is not after {format_day(deadline)}: not overdue yet.")
        rest = f" (the rest: {format_day(due_on)})" if part3_due is not None and due_on is not None else ""
        return "waiting", "wait", f"Wait: the answer is due on {format_day(deadline)}{part}{rest}", more
    late = (today - deadline).days
    if explain:
        more.append(f"Today, {format_day(today)}, is {_plural(late, 'day')} after {format_day(deadline)}"
                    f"{part}: overdue.")
    chased = _after(by.get("chase-sent"), deadline + _ONE_DAY)
    if chased is None:
        return "overdue", "chase", f"Chase them: the answer was due on {format_day(deadline)}{part}", more
    return _escalate("overdue", chased.on, "your chaser", complain, today, explain, more)


def _escalate(status: str, asked: date, what: str, complain: str, today: date, explain: bool,
              more: list[str]) -> tuple[str, str, str, list[str]]:
    ready = asked + timedelta(days=CHASE_WAIT_DAYS)
    if explain:
        more.append(f"You sent {what} on {format_day(asked)}; the tool gives {CHASE_WAIT_DAYS} days for an "
                    f"answer, to {format_day(ready)} (this tool's practice, not a legal time limit).")
    # The chaser gives them until `ready` inclusive (its "final date to reply"), so the
    # complaint is suggested from the day after.
    if today > ready:
        return status, "complain", complain, more
    return status, "wait", f"Wait for an answer to {what} until {format_day(ready)}; then complain", more


def _ico_step(events: Sequence[EventLike], today: date, explain: bool, more: list[str]) -> str:
    # The last meaningful contact: the latest event other than a note or a draft.
    anchor = max((ev.on for ev in events if ev.kind not in _NOT_CONTACT), default=today)
    by_day = months_after(anchor, ICO_COMPLAINT_MONTHS)
    if explain:
        more.append(f"The ICO expects a complaint to it within three months of your last meaningful contact "
                    f"with the organisation ({format_day(anchor)}), so by {format_day(by_day)} "
                    "(ICO guidance; complaints are made under DPA 2018 s.165).")
    return f"Complain to the ICO (DPA 2018 s.165) by {format_day(by_day)}"
