"""Calendar export: one all-day event per deadline, with an alarm some days before.

Each event's UID is "<ref>-<deadline>-<tracker id>@dsar" (deadline: "response"
or "complaint-ack"), the same on every export, so a calendar that subscribes to
the file, or imports it again, updates the event (new date, new next step)
instead of adding a duplicate. SEQUENCE is the number of events in the
request's history, so it grows whenever the history changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set
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


def calendar_bytes(items: Iterable[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                   now: datetime | None = None, senders: Set[str] | None = None) -> bytes:
    """The whole calendar (see `calendar_chunks`)."""
    return b"".join(calendar_chunks(items, tracker_id=tracker_id, names=names,
                                    alarm_days=alarm_days, now=now, senders=senders))


def calendar_chunks(items: Iterable[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                    names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                    now: datetime | None = None, events_per_chunk: int = 2000,
                    senders: Set[str] | None = None) -> Iterator[bytes]:
    """The calendar as iCalendar (RFC 5545) text, a few thousand events at a time.

    `senders`: the refs with a sender recorded (None: all), so each command runs as printed.

    Written directly, not through the icalendar package's objects: at 100,000 requests
    those took several seconds and hundreds of MB (benchmarks/ics_bench.py). The text of
    each event is escaped and folded as RFC 5545 says (section 3.3.11 and 3.1).
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    yield _lines(["BEGIN:VCALENDAR", "PRODID:-//dsar//deadline tracker//EN", "VERSION:2.0",
                  "CALSCALE:GREGORIAN", "X-WR-CALNAME:dsar deadlines"])
    lines: list[str] = []
    count = 0
    for request, assessment in items:
        for kind, day, title in deadlines(assessment):
            summary = f"{request.ref} {name_of(request.controller_id, names)} {request.kind}: {title}"
            text = description(request, assessment, kind, day, names,
                               senders is None or request.ref in senders)
            alarm = f"{request.ref}: {title} on {human_day(day)}"
            lines += [
                "BEGIN:VEVENT",
                _property("SUMMARY", summary),
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                f"DTSTAMP:{stamp}",
                _property("UID", f"{request.ref}-{kind}-{tracker_id}@dsar"),
                f"SEQUENCE:{len(request.entries)}",
                _property("DESCRIPTION", text),
                "TRANSP:TRANSPARENT",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                _property("DESCRIPTION", alarm),
                f"TRIGGER:-P{alarm_days}D",
                "END:VALARM",
                "END:VEVENT",
            ]
            count += 1
            if count % events_per_chunk == 0:
                yield _lines(lines)
                lines = []
    lines.append("END:VCALENDAR")
    yield _lines(lines)


def _property(name: str, text: str) -> str:
    """NAME:TEXT with TEXT escaped (backslash, semicolon, comma, newline; str.replace is several
    times faster here than str.translate)."""
    escaped = (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
               .replace("\r", "").replace("\n", "\\n"))
    return f"{name}:{escaped}"


def _lines(lines: list[str]) -> bytes:
    """CRLF-ended content lines, each folded at 75 octets (never inside a UTF-8 character)."""
    out = []
    for line in lines:
        data = line.encode("utf-8")
        if len(data) <= 75:
            out.append(data)
            continue
        parts, start, limit = [], 0, 75
        while len(data) - start > limit:
            end = start + limit
            while end > start and (data[end] & 0xC0) == 0x80:  # a UTF-8 continuation byte
                end -= 1
            parts.append(data[start:end])
            start, limit = end, 74  # continuation lines start with a space
        parts.append(data[start:])
        out.append(b"\r\n ".join(parts))
    return b"\r\n".join(out) + b"\r\n"


def write_calendar(path: Path, items: Iterable[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                   senders: Set[str] | None = None) -> int:
    """Write the calendar to `path` (atomically, mode 0600); return how many events it holds.

    `items` may be a generator (Tracker.iter_open_requests): it is read once.
    """
    counted = _Counting(items)
    write_private(path, b"".join(calendar_chunks(counted, tracker_id=tracker_id, names=names,
                                                 alarm_days=alarm_days, senders=senders)))
    return counted.events


class _Counting:
    """`items`, passed through once, counting the events they make."""

    def __init__(self, items: Iterable[tuple[TrackedRequest, Assessment]]) -> None:
        self.items = items
        self.events = 0

    def __iter__(self) -> Iterator[tuple[TrackedRequest, Assessment]]:
        for request, assessment in self.items:
            self.events += len(deadlines(assessment))
            yield request, assessment
