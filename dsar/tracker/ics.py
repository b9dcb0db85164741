"""Calendar export: one all-day event per deadline, with an alarm some days before.

Each event's UID is "<ref>-<deadline>-<tracker id>@dsar" (deadline: "response"
or "complaint-ack"), the same on every export, so a calendar that subscribes to
the file, or imports it again, updates the event (new date, new next step)
instead of adding a duplicate. SEQUENCE is the number of events in the
request's history, so it grows whenever the history changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from dsar.files import write_private
from dsar.tracker.views import due_line, human_day, name_of

if TYPE_CHECKING:
    from dsar.deadlines import Assessment
    from dsar.tracker.store import TrackedRequest

ALARM_DAYS = 3


def deadlines(assessment: Assessment) -> list[tuple[str, date, str]]:
    """(deadline kind, date, title) for each date a request is waiting for.

    The reply deadline while the request is waiting or overdue; the acknowledgement
    date (DPA 2018 s.164A) while a complaint is open.
    """
    found = []
    if assessment.due_on is not None and assessment.status in ("waiting", "overdue"):
        found.append(("response", assessment.due_on, "reply due"))
    if assessment.complaint_ack_due is not None and assessment.status == "complaint-open":
        found.append(("complaint-ack", assessment.complaint_ack_due, "complaint acknowledgement due"))
    return found


def calendar_bytes(items: Sequence[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                   now: datetime | None = None) -> bytes:
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
            description = [due_line(request, assessment, names), "",
                           f"Deadline: {human_day(day)}", "How it was worked out:",
                           *(f"- {step}" for step in assessment.explanation)]
            event.add("description", "\n".join(description))
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(days=-alarm_days))
            alarm.add("description", f"{request.ref}: {title} on {human_day(day)}")
            event.add_component(alarm)
            cal.add_component(event)
    return bytes(cal.to_ical())


def write_calendar(path: Path, items: Sequence[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS) -> int:
    """Write the calendar to `path` (atomically, mode 0600); return how many events it holds."""
    data = calendar_bytes(items, tracker_id=tracker_id, names=names, alarm_days=alarm_days)
    write_private(path, data)
    return sum(len(deadlines(assessment)) for _request, assessment in items)
