"""The deadline engine: a request's status, legal deadline and next step, from its history.

Pure functions, no database: `assess(events, nation=..., kind=..., regimes=..., today=...)`
takes the events of one request (anything with `kind`, `on`, `via`, `data` attributes, e.g.
`Event`) and returns an `Assessment` whose `explanation` shows every step with its source.
Sources: shared/research/uk-law.md "Deadlines"; statute-extracts.md (DUAA 2025 ss.76, 103;
DPA 2018 s.54 before amendment). Dates use the bank holidays of the controller's nation.

Where each rule lives (the shape of the law)
--------------------------------------------
- dsar.deadlines.periods: the period arithmetic (a month, working days, deemed receipt,
  paused days), with its sources;
- dsar.deadlines.rules_2026: requests received from 5 Feb 2026 (Art 12A; s.54 as amended);
- dsar.deadlines.old_rules: requests received before (Art 12(3); s.54 before amendment);
- dsar.deadlines.law: citations for one regime or both; dsar.deadlines.steps: the next
  step (the table below); dsar.deadlines.engine: `assess`, which puts them together;
  dsar.deadlines.vocabulary: events, statuses, `Event`, `Assessment`.

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
   ended does not pause it. While clarification is awaited the clock is stopped. Requests
   received before 5 Feb 2026: the same pause for UK GDPR access requests, by ICO practice
   (uk-law-addendum.md point 5), never for Part 3; a body under both regimes then has two
   dates (`part3_due_on`, the earlier, decides lateness; `due_on` is the later).
6. Weekend or bank holiday of the controller's nation: the next working day (ICO guidance).
7. Extension (Art 12A(3)-(4); s.54(3A)-(3B)): an `extended` event dated on or before the
   unextended due date gives three months from the relevant time (pauses added, then the
   working-day roll). A later notice does not extend. Before 5 Feb 2026: two further months
   under UK GDPR (Art 12(3)), none under DPA 2018 Part 3; with both regimes, the latest
   date either allows, with the Part 3 date given apart (`part3_due_on`).
8. Complaint to the controller (DPA 2018 s.164A(3), in force 19 June 2026): when the complaint
   arrives on or after that date, it must be acknowledged within 30 days beginning with the
   day it arrives (that day is day 1, so the last day is arrival + 29 days). Before then
   there was no statutory duty to acknowledge.
9. Overdue only when today is after `due_on` (or `part3_due_on`, when there are two dates).

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

from dsar.bank_holidays import is_working_day, next_working_day
from dsar.deadlines.engine import assess
from dsar.deadlines.periods import (
    deemed_receipt,
    format_day,
    months_after,
    one_month_after,
    working_lines,
)
from dsar.deadlines.vocabulary import (
    ACTIONS,
    CHASE_WAIT_DAYS,
    COMPLAINT_ACK_DAYS,
    COMPLAINT_DUTY_FROM,
    COMPLAINT_WAIT_DAYS,
    EVENTS,
    ICO_COMPLAINT_MONTHS,
    NEW_RULES_FROM,
    REGIMES,
    STATUSES,
    USER_CAUTION,
    USER_SAFE,
    VIAS,
    Assessment,
    Event,
    EventLike,
    check_event,
)

__all__ = [
    "ACTIONS", "CHASE_WAIT_DAYS", "COMPLAINT_ACK_DAYS", "COMPLAINT_DUTY_FROM", "COMPLAINT_WAIT_DAYS",
    "EVENTS", "ICO_COMPLAINT_MONTHS", "NEW_RULES_FROM", "REGIMES", "STATUSES", "USER_CAUTION",
    "USER_SAFE", "VIAS", "Assessment", "Event", "EventLike", "assess", "check_event", "deemed_receipt",
    "format_day", "is_working_day", "months_after", "next_working_day", "one_month_after",
    "working_lines",
]
