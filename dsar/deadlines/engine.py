"""`assess`: a request's status, deadline and next step from its history (see dsar.deadlines)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from types import ModuleType

from dsar.bank_holidays import SUBDIVISIONS, check_nation
from dsar.deadlines import old_rules, rules_2026
from dsar.deadlines.history import _after, _earliest, _latest
from dsar.deadlines.law import Law, _check_regimes, law_for
from dsar.deadlines.periods import (
    _PERIOD_SOURCE,
    _arrival,
    _arrival_words,
    _pauses,
    _period,
    _period_line,
    format_day,
)
from dsar.deadlines.steps import _next_step
from dsar.deadlines.vocabulary import (
    _ASKED,
    _ASKED_KEYS,
    _EVENT_SET,
    _PHASES,
    CHASE_WAIT_DAYS,
    COMPLAINT_ACK_DAYS,
    COMPLAINT_DUTY_FROM,
    NEW_RULES_FROM,
    Assessment,
    EventLike,
    _assessment,
    check_event,
)

Rules = ModuleType  # dsar.deadlines.rules_2026 or dsar.deadlines.old_rules: the same functions


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
    law = law_for(gdpr, part3, new)
    rules = rules_2026 if new else old_rules  # each module holds its rules and their citations
    if explain:
        lines.append(rules.rules_line(law))

    # 3. Relevant time (Art 12A(2); s.54(3))
    start, start_label = receipt, "received"
    awaiting: str | None = None
    asked_on: date | None = None
    rt_cite = rules.relevant_time_cite(law) if explain else ""
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
        due_on, stopped_on, part3_due, pending_question = _the_period(
            by, start, start_label, kind=kind, nation=nation, gdpr=gdpr, part3=part3, rules=rules, law=law,
            explain=explain, lines=lines)

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
        complaint_ack_due=ack_due, rules=rules.NAME,
        explanation=tuple(lines), clock_stopped_on=stopped_on, watch_on=watch_on, part3_due_on=part3_due,
    )


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


def _the_period(by: dict[str, list[EventLike]], start: date, start_label: str, *, kind: str, nation: str,
                gdpr: bool, part3: bool, rules: Rules, law: Law, explain: bool,
                lines: list[str]) -> tuple[date | None, date | None, date | None, bool]:
    """Rules 4-7: (due_on, clock stopped on, Part 3 date apart, clarification pending unpaused).

    Which requests a clarification pauses, whether an extension counts, and whether a body
    under both regimes has two dates come from `rules` (rules_2026 or old_rules); the
    arithmetic from dsar.deadlines.periods. Explanation lines are appended to `lines`.
    """
    due_on: date | None = None
    stopped_on: date | None = None
    part3_due: date | None = None
    pending_question = False
    # Which requests a clarification pauses, whether an extension counts, and whether a
    # body under both regimes has two dates: rules_2026 / old_rules.
    pausable = rules.pausable(kind, gdpr)
    split = rules.split(gdpr, part3)
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
                lines.append(f"They asked for clarification, but {rules.no_pause_reason(gdpr)}, so the "
                             "deadline does not move.")
    pause_cite = rules.pause_cite(law) if explain else ""  # strings only when they are shown
    one = _period(start, 1, pauses, nation, pause_cite, explain, clar_given)
    period, months = one, 1
    ext_lines: list[str] = []
    extended = _earliest(by.get("extended"))
    if extended is not None:
        # A clock stopped for clarification inside the first month keeps that month open.
        timely = one.stopped_on is not None or extended.on <= one.due
        ext_cite = rules.extension_cite(law) if explain else ""
        notice = f"They gave notice of an extension on {format_day(extended.on)}" if explain else ""
        if not timely:
            if explain:
                ext_lines.append(f"{notice}, after the first month ended on {format_day(one.due)}, so it "
                                 f"does not extend the deadline ({ext_cite}: notice must come within "
                                 "the first month).")
        elif not rules.extends(gdpr):
            if explain:
                ext_lines.append(old_rules.no_extension_line(notice))
        else:
            period, months = _period(start, 3, pauses, nation, pause_cite, explain, clar_given), 3
            if explain:
                within = "month" if one.stopped_on is not None else f"month (by {format_day(one.due)})"
                ext_lines.append(f"{notice}, within the first {within}, so the period is three months "
                                 f"({ext_cite}); the notice must give reasons.")
            if explain and split:
                ext_lines.append(old_rules.BOTH_EXTENDED_LINE)
    if explain:
        lines.extend(period.lines)
        lines.extend(ext_lines)
        if period.stopped_on is None:
            cite = rules.period_cite(law, months, split and bool(pauses))
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
                lines.append(old_rules.part3_line(format_day(start), format_day(plain.due),
                                                  _PERIOD_SOURCE))
    return due_on, stopped_on, part3_due, pending_question
