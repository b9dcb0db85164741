"""The facts a follow-up letter cites, read from a tracked request's history and the engine.

Nothing here decides a deadline: the dates come from `dsar.deadlines.assess`
(through the tracker), and this module only picks out of the history what the
letters quote: when the request was sent and received, when ID was asked for
and given, when the answer was due and how that date was reached, what an
incomplete answer left out, and when the organisation was chased or complained to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dsar.errors import DsarError
from dsar.followup.missing import Item, items_for, missing_from

if TYPE_CHECKING:
    from dsar.deadlines import Assessment, Event
    from dsar.tracker import TrackedRequest

# A fair final date before a complaint: 14 days from the chaser. The ICO expects a
# person to give the organisation a chance to put things right before complaining
# (uk-law.md, "Deadlines" item 7); the deadline engine's next-step table moves from
# "chase" to "complain" 14 days after a chaser, and this keeps the two in step.
FINAL_NOTICE_DAYS = 14

# Events that are contact with the organisation (for "last contact": uk-law.md item 7,
# the ICO expects a complaint within three months of the last meaningful contact).
CONTACT_EVENTS = frozenset({
    "sent", "received", "acknowledged", "id-requested", "id-provided", "fee-requested",
    "fee-paid", "clarification-requested", "clarification-provided", "extended",
    "responded", "partial-response", "refused", "complaint-sent", "complaint-acknowledged",
    "chase-sent", "reasons-requested",
})


@dataclass(frozen=True)
class Facts:
    """What the follow-up letters say about one request, all dates from the history or the engine."""

    ref: str
    request_kind: str  # "access", "erasure", ...
    regimes: tuple[str, ...]
    today: date
    request_date: date  # the date of the request letter (when it was made)
    rules: str  # the engine's "2026" (received from 5 Feb 2026) or "pre-2026"
    # The one date the follow-ups name the request by: when it was sent, or, with no `sent`
    # event, when it was received (issue 11 items 6-7); None only before either is logged.
    request_on: date | None
    request_on_is_receipt: bool  # True: no `sent` event, so request_on is the received date
    sent_on: date | None
    sent_via: str | None
    received_on: date | None  # the engine's (recorded or deemed) receipt
    received_recorded: bool  # True: a `received` event; False: deemed from the sending date
    id_requested_on: date | None
    id_provided_on: date | None
    id_provided_via: str | None
    id_received_on: date | None  # when the ID reached them: the day sent, or deemed (post)
    relevant_time: date | None
    due_on: date | None
    part3_due_on: date | None  # old rules, both regimes: the earlier date for data under Part 3
    days_overdue: int
    explanation: tuple[str, ...]
    status: str
    action: str
    partial_on: date | None
    missing: tuple[Item, ...]
    refused_on: date | None
    refusal_note: str | None
    refusal_reason: str | None  # a code of dsar.followup.reasons (`track log R refused --reason`)
    chased_on: tuple[date, ...]
    reasons_requested_on: date | None
    complaint_on: date | None
    complaint_acknowledged_on: date | None
    complaint_ack_due: date | None
    last_contact_on: date | None
    reply_by: date  # today + FINAL_NOTICE_DAYS

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def due_passed(self) -> bool:
        """The deadline is in the past (whatever came since): the letters say "was due"."""
        return self.due_on is not None and self.today > self.due_on

    @property
    def first_due(self) -> date | None:
        """The earliest deadline: the Part 3 one when there are two (issue 11 item 10)."""
        return self.part3_due_on or self.due_on

    def days_late(self, on: date | None) -> int:
        """How many days after the (earliest) deadline `on` was (0: on time, or no deadline)."""
        due = self.first_due
        if on is None or due is None or on <= due:
            return 0
        return (on - due).days


def _last(events: Sequence[Event], kind: str) -> Event | None:
    found = [e for e in events if e.kind == kind]
    return found[-1] if found else None


def _on(event: Event | None) -> date | None:
    return event.on if event is not None else None


def _reason(refused: Event | None) -> str | None:
    value = refused.data.get("reason") if refused is not None and refused.data else None
    return str(value) if value else None


def facts(request: TrackedRequest, assessment: Assessment, today: date) -> Facts:
    """Pick the dates and details a follow-up cites from `request`'s history."""
    from dsar.deadlines import deemed_receipt

    events = sorted(request.events, key=lambda e: e.on)  # stable: same-day events keep their order
    sent = _last(events, "sent")
    received = _last(events, "received")
    partial = _last(events, "partial-response")
    refused = _last(events, "refused")
    # the missing items of the latest partial answer (a later one supersedes an earlier)
    missing: tuple[Item, ...] = ()
    if partial is not None and missing_from(partial.data):
        try:
            missing = tuple(items_for(missing_from(partial.data)))
        except DsarError as exc:
            when = partial.on.isoformat()
            raise DsarError(f"the partial-response of {when} in {request.ref} lists {exc.message}; log it "
                            f"again: dsar track log {request.ref} partial-response --on {when} "
                            "--missing CODE,CODE") from None
    contacts = [e.on for e in events if e.kind in CONTACT_EVENTS]
    id_provided = _last(events, "id-provided")
    return Facts(
        ref=request.ref,
        request_kind=request.kind,
        regimes=tuple(request.regimes),
        today=today,
        request_date=request.created,
        rules=assessment.rules,
        request_on=_on(sent) or _on(received),
        request_on_is_receipt=sent is None and received is not None,
        sent_on=_on(sent),
        sent_via=sent.via if sent else None,
        received_on=assessment.received_on,
        received_recorded=received is not None,
        id_requested_on=_on(_last(events, "id-requested")),
        id_provided_on=_on(id_provided),
        id_provided_via=id_provided.via if id_provided else None,
        id_received_on=(deemed_receipt(id_provided.on, id_provided.via, request.nation)[0]
                        if id_provided else None),
        relevant_time=assessment.relevant_time,
        due_on=assessment.due_on,
        part3_due_on=assessment.part3_due_on,
        days_overdue=assessment.days_overdue,
        explanation=tuple(assessment.explanation),
        status=assessment.status,
        action=assessment.action,
        partial_on=_on(partial),
        missing=missing,
        refused_on=_on(refused),
        refusal_note=refused.note if refused else None,
        refusal_reason=_reason(refused),
        chased_on=tuple(e.on for e in events if e.kind == "chase-sent"),
        reasons_requested_on=_on(_last(events, "reasons-requested")),
        complaint_on=_on(_last(events, "complaint-sent")),
        complaint_acknowledged_on=_on(_last(events, "complaint-acknowledged")),
        complaint_ack_due=assessment.complaint_ack_due,
        last_contact_on=max(contacts) if contacts else None,
        reply_by=today + timedelta(days=FINAL_NOTICE_DAYS),
    )
