"""The next step: the table in dsar.deadlines (status -> action) as code.

The latest answer or complaint (the phase) decides; without one, the deadline does. The
14-day wait after a chaser and the 30-day wait for a complaint's outcome are this tool's
practice, not statute; the ICO expects a complaint to the organisation first and one to
it within three months of the last meaningful contact (uk-law.md "Deadlines" item 7).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from dsar.deadlines.history import _after, _latest
from dsar.deadlines.law import Law
from dsar.deadlines.periods import _plural, format_day, months_after
from dsar.deadlines.vocabulary import (
    _NOT_CONTACT,
    _ONE_DAY,
    CHASE_WAIT_DAYS,
    COMPLAINT_DUTY_FROM,
    COMPLAINT_WAIT_DAYS,
    ICO_COMPLAINT_MONTHS,
    EventLike,
)


def _next_step(*, by: dict[str, list[EventLike]], phase: EventLike | None, awaiting: str | None,
               asked_on: date | None, stopped_on: date | None, due_on: date | None, part3_due: date | None,
               pending_question: bool, complaint_in: date | None, ack_due: date | None,
               events: Sequence[EventLike], today: date, law: Law,
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
                ack_due: date | None, events: Sequence[EventLike], today: date, law: Law,
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
                   pending_question: bool, today: date, law: Law, complain: str, explain: bool,
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
