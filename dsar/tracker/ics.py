"""Calendar export: one all-day event per deadline, with an alarm some days before.

Each event's UID is "<ref>-<deadline>-<tracker id>@dsar" (deadline: "response"
or "complaint-ack"), the same on every export, so a calendar that subscribes to
the file, or imports it again, updates the event (new date, new next step)
instead of adding a duplicate. SEQUENCE is the number of events in the
request's history, so it grows whenever the history changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from dsar.files import write_private
from dsar.tracker.views import command_for, human_day, name_of

if TYPE_CHECKING:
    from dsar.deadlines import Assessment
    from dsar.tracker.store import TrackedRequest

ALARM_DAYS = 3


def deadlines(assessment: Assessment) -> list[tuple[str, date, str]]:
    """(deadline kind, date, title) for each date a request is waiting for.

    The reply deadline while the request is waiting or overdue; the final date of a chaser
    or a request for reasons while its answer is awaited (issue 11 item 12); the
    acknowledgement date (DPA 2018 s.164A) while a complaint is open.
    """
    found = []
    if assessment.watch_on is not None:
        found.append(("chaser", assessment.watch_on, "final date for an answer to your letter"))
    elif assessment.due_on is not None and assessment.status in ("waiting", "overdue"):
        found.append(("response", assessment.due_on, "reply due"))
    if assessment.part3_due_on is not None and assessment.watch_on is None and assessment.status in (
            "waiting", "overdue", "awaiting-clarification"):
        found.append(("response-part3", assessment.part3_due_on, "reply due for data under DPA 2018 Part 3"))
    if assessment.complaint_ack_due is not None and assessment.status == "complaint-open":
        found.append(("complaint-ack", assessment.complaint_ack_due, "complaint acknowledgement due"))
    return found


# What to do once a date in the calendar has passed, and the command for it: true whenever
# the entry is read (issue 11 item 8), unlike the engine's next step, which is worked out today.
_AFTER = {
    "response": ("If no full answer has come by the end of this day, chase them.", "chase"),
    "response-part3": ("If no full answer has come by the end of this day, chase them for the data under "
                       "DPA 2018 Part 3.", "chase"),
    "chaser": ("If no answer has come by the end of this day, complain to the organisation.", "complain"),
    "complaint-ack": ("If they have not acknowledged your complaint by the end of this day, you can "
                      "complain to the ICO.", "complain-ico"),
}


def description(request: TrackedRequest, assessment: Assessment, kind: str, day: date,
                names: Mapping[str, str], sender_known: bool = True) -> str:
    """The entry's text: the request, the date, the next step and its command, and how the
    deadline was worked out; no sentence about "today" (it is read weeks later)."""
    from dsar.deadlines import working_lines

    client = f" [{request.client_reference}]" if request.client_reference else ""
    after, action = _AFTER[kind]
    command = command_for(request.ref, action, sender_known=sender_known)
    lines = [f"{request.ref}: {name_of(request.controller_id, names)} {request.kind} request for "
             f"{request.requester}{client}.",
             f"{_TITLES[kind]}: {human_day(day)}.", after]
    if command:
        lines.append(f"Then run: {command}")
    if kind in ("response", "response-part3"):
        lines += ["", "How the deadline was worked out:",
                  *(f"- {step}" for step in working_lines(assessment.explanation))]
    return "\n".join(lines)


_TITLES = {"response": "Reply due", "response-part3": "Reply due for data under DPA 2018 Part 3",
           "chaser": "Final date for an answer to your letter",
           "complaint-ack": "Complaint acknowledgement due"}


def calendar_bytes(items: Sequence[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                   now: datetime | None = None, senders: Set[str] | None = None) -> bytes:
    """`senders`: the refs with a sender recorded (None: all), so each command runs as printed."""
    from icalendar import Alarm, Calendar, Event

    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", "-//dsar//deadline tracker//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "dsar deadlines")
    for request, assessment in items:
        for kind, day, title in deadlines(assessment):
            event = Event()
            event.add("uid", f"{request.ref}-{kind}-{tracker_id}@dsar")
            event.add("dtstamp", stamp)
            event.add("sequence", len(request.entries))
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            event.add("summary",
                      f"{request.ref} {name_of(request.controller_id, names)} {request.kind}: {title}")
            event.add("description", description(request, assessment, kind, day, names,
                                                 senders is None or request.ref in senders))
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(days=-alarm_days))
            alarm.add("description", f"{request.ref}: {title} on {human_day(day)}")
            event.add_component(alarm)
            cal.add_component(event)
    return bytes(cal.to_ical())


def write_calendar(path: Path, items: Sequence[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                   senders: Set[str] | None = None) -> int:
    """Write the calendar to `path` (atomically, mode 0600); return how many events it holds."""
    data = calendar_bytes(items, tracker_id=tracker_id, names=names, alarm_days=alarm_days,
                          senders=senders)
    write_private(path, data)
    return sum(len(deadlines(assessment)) for _request, assessment in items)
