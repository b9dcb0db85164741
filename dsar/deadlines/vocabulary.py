"""What the deadline engine reads and says: events, ways of sending, statuses, next steps.

The vocabularies (EVENTS, VIAS, REGIMES, STATUSES, ACTIONS), the dates the law and this
tool's practice fix (NEW_RULES_FROM, COMPLAINT_DUTY_FROM, the waits), the `Event` a
history is made of and the `Assessment` the engine returns. See dsar.deadlines for the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from dsar.errors import DsarError

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
