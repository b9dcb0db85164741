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
the requester (ID, fee, clarification), is not overdue yet (unless `force`), or was
answered in full or closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsar.deadlines import format_day
from dsar.errors import DsarError
from dsar.followup.kinds import CHASE, COMPLAINT, REASONS

if TYPE_CHECKING:
    from dsar.followup.history import Facts

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


def choose(facts: Facts, *, force: bool = False) -> str:
    """The follow-up letter `dsar chase` makes for this history: "chase" or "reasons".

    Raises DsarError when there is nothing to chase (see the module docstring).
    """
    problem = _not_now(facts, "chasing it")
    if problem is not None:
        raise problem
    if facts.status == "refused":
        return REASONS
    if facts.partial_on is not None or facts.overdue:
        return CHASE
    if facts.refused_on is not None:  # refused, then complained: reasons are still owed
        return REASONS
    if facts.due_on is not None and not force:
        raise DsarError(f"request {facts.ref} is not overdue: the answer is due on "
                        f"{format_day(facts.due_on)}; chase after that date, or add --force "
                        "to send a reminder now")
    return CHASE


def check_complaint(facts: Facts, *, force: bool = False) -> str:
    """Check a complaint to the organisation makes sense now; returns the kind "complaint"."""
    problem = _not_now(facts, "complaining")
    if problem is not None:
        raise problem
    grounds = facts.overdue or facts.partial_on is not None or facts.refused_on is not None
    if not grounds and not force:
        due = f" the answer is due on {format_day(facts.due_on)};" if facts.due_on else ""
        raise DsarError(f"request {facts.ref} is not overdue, incomplete or refused:{due} "
                        "complain after that, or add --force to complain now")
    return COMPLAINT
