"""Which follow-up a request needs now, and the checks before a chaser or a complaint.

`dsar chase REF` makes the letter the history calls for:

- no answer and the deadline has passed (the engine's status "overdue"): a chaser
  citing the dates and the deadline's working, with a final date 14 days on;
- part of an answer came (`partial-response`, with `--missing` items): a chaser that
  asks for exactly those items, each with its provision; allowed before the deadline
  too (the rest of the answer is still due by it);
- a refusal or restriction (`refused`): a letter asking for the reasons
  (UK GDPR Art 12(4); DPA 2018 s.45(5) for access, s.48 for erasure; s.53(6) for a
  request refused as manifestly unfounded or excessive), kind "reasons".

It refuses (DsarError, one line) when the request has not been sent, is waiting for
the requester (ID, fee, clarification), or was answered in full or closed; and, unless
forced, when the follow-up would come before its time (`too_early`, which also covers
`dsar complain`). A forced follow-up is recorded with the reason it was early.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from dsar.deadlines import CHASE_WAIT_DAYS, format_day
from dsar.errors import DsarError
from dsar.followup.kinds import CHASE, REASONS

if TYPE_CHECKING:
    from dsar.followup.history import Facts

_DAY = timedelta(days=1)
_DOING = {"chase": "chasing it", "complaint": "complaining", "ico": "complaining"}
_WAITING_FOR_YOU = {
    "awaiting-id": "they asked for proof of identity on {asked}; send it, then log it with "
                   "`dsar track log {ref} id-provided --on DATE`",
    "awaiting-fee": "they asked for a fee; pay or challenge it, then log it with "
                    "`dsar track log {ref} fee-paid --on DATE`",
    "awaiting-clarification": "they asked for clarification; send it, then log it with "
                              "`dsar track log {ref} clarification-provided --on DATE`",
}


def _not_now(facts: Facts, what: str) -> DsarError | None:
    """The reason no follow-up can be made now (whatever `force` says), or None."""
    ref = facts.ref
    if facts.sent_on is None and facts.received_on is None:
        return DsarError(f"request {ref} has not been sent yet; send it, then log it with "
                         f"`dsar track log {ref} sent --on DATE --via email` before {what}")
    if facts.status in _WAITING_FOR_YOU:
        asked = format_day(facts.id_requested_on) if facts.id_requested_on else "?"
        return DsarError(f"request {ref} is waiting for you: "
                         + _WAITING_FOR_YOU[facts.status].format(asked=asked, ref=ref))
    if facts.status == "answered":
        return DsarError(f"request {ref} was answered in full; if parts are missing, log "
                         f"`dsar track log {ref} partial-response --missing copy,recipients` first")
    if facts.status == "closed":
        return DsarError(f"request {ref} is closed; nothing to follow up")
    return None


def too_early(facts: Facts, what: str) -> str | None:
    """Why the follow-up `what` ("chase", "complaint", "ico") would come before its time, or None.

    Issue 11 item 1. A chaser: once the answer is late, or at once after a refusal or a
    partial answer (it asks for reasons, or for the missing parts by the deadline). A
    complaint to the organisation: once the answer is late, refused, or incomplete after
    the deadline. A complaint to the ICO: the same, and the organisation has had its chance
    (uk-law.md, Deadlines item 7): a complaint to it, or the final date of a chaser or of a
    request for reasons (CHASE_WAIT_DAYS after it) has passed.
    """
    due = facts.due_on
    if what == "chase":
        if facts.refused_on is not None or facts.partial_on is not None or facts.overdue or due is None:
            return None
        return (f"the answer is not late: it is due by {format_day(due)}, so a chaser can be made from "
                f"{format_day(due + _DAY)}")
    late = (facts.overdue or facts.refused_on is not None
            or (facts.partial_on is not None and facts.due_passed))
    to = "a complaint to the ICO" if what == "ico" else "a complaint"
    if not late:
        if due is None:
            return "nothing in its history is late, incomplete or refused"
        rest = "the rest of the answer" if facts.partial_on is not None else "the answer"
        return (f"{rest} is not late: it is due by {format_day(due)}, so {to} can be made from "
                f"{format_day(due + _DAY)}" + (" (after you have chased it or complained to it)"
                                                if what == "ico" else ""))
    if what != "ico" or facts.complaint_on is not None:
        return None
    asked = [*facts.chased_on, *([facts.reasons_requested_on] if facts.reasons_requested_on else [])]
    if asked:
        final = max(asked) + timedelta(days=CHASE_WAIT_DAYS)
        if facts.today > final:
            return None
        return (f"the ICO expects the organisation to have its chance first: the final date in your "
                f"letter of {format_day(max(asked))} is {format_day(final)}, so {to} can be made from "
                f"{format_day(final + _DAY)}; or complain to the organisation first with "
                f"`dsar complain {facts.ref} --to controller`")
    return ("the ICO expects the organisation to have its chance first: chase it "
            f"(`dsar chase {facts.ref}`) and wait for the final date in that letter, or complain to it "
            f"(`dsar complain {facts.ref} --to controller`)")


def refuse_early(facts: Facts, what: str, *, force: bool) -> str | None:
    """Raise DsarError when `what` is too early and not forced; return the reason when forced."""
    problem = _not_now(facts, _DOING[what])
    if problem is not None:
        raise problem
    early = too_early(facts, what)
    if early is not None and not force:
        raise DsarError(f"request {facts.ref}: {early}; add --force to make it anyway (the history "
                        "will record that it was forced)")
    return early


def choose(facts: Facts) -> str:
    """The follow-up letter `dsar chase` makes for this history: "chase" or "reasons"."""
    if facts.status == "refused":
        return REASONS
    if facts.partial_on is not None or facts.overdue:
        return CHASE
    if facts.refused_on is not None:  # refused, then complained: reasons are still owed
        return REASONS
    return CHASE
