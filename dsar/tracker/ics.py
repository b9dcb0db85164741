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
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from dsar.files import write_private
from dsar.tracker.views import command_for, human_day, name_of

if TYPE_CHECKING:
    from dsar.deadlines import Assessment
    from dsar.tracker.store import OpenRequest, TrackedRequest

    # a request with its whole history (Tracker.iter_open_requests), or as the one-pass
    # export reads it (Tracker.scan_open): the same calendar from either
    Calendared: TypeAlias = TrackedRequest | OpenRequest

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


def description(request: Calendared, assessment: Assessment, kind: str, day: date,
                names: Mapping[str, str], sender_known: bool = True) -> str:
    """The entry's text: the request, the date, the next step and its command, and how the
    deadline was worked out; no sentence about "today" (it is read weeks later)."""
    return _description(request, assessment, kind, human_day(day),
                        name_of(request.controller_id, names), sender_known)


def _description(request: Calendared, assessment: Assessment, kind: str, day: str, name: str,
                 sender_known: bool) -> str:
    """`description`, given the day as `human_day` writes it and the organisation's name as shown."""
    from dsar.deadlines import working_lines

    client = f" [{request.client_reference}]" if request.client_reference else ""
    after, action = _AFTER[kind]
    command = command_for(request.ref, action, sender_known=sender_known)
    lines = [f"{request.ref}: {name} {request.kind} request for {request.requester}{client}.",
             f"{_TITLES[kind]}: {day}.", after]
    if command:
        lines.append(f"Then run: {command}")
    if kind in ("response", "response-part3"):
        lines += ["", "How the deadline was worked out:",
                  *(f"- {step}" for step in working_lines(assessment.explanation))]
    return "\n".join(lines)


_TITLES = {"response": "Reply due", "response-part3": "Reply due for data under DPA 2018 Part 3",
           "chaser": "Final date for an answer to your letter",
           "complaint-ack": "Complaint acknowledgement due"}


def calendar_bytes(items: Iterable[tuple[Calendared, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                   now: datetime | None = None, senders: Set[str] | None = None) -> bytes:
    """The whole calendar (see `calendar_chunks`)."""
    return b"".join(calendar_chunks(items, tracker_id=tracker_id, names=names,
                                    alarm_days=alarm_days, now=now, senders=senders))


def calendar_chunks(items: Iterable[tuple[Calendared, Assessment]], *, tracker_id: str,
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
    # a tracker has a few organisations and a few hundred dates: each shown once, not per event
    name = cache(lambda controller_id: name_of(controller_id, names))
    day_text = cache(human_day)
    yield _lines(["BEGIN:VCALENDAR", "PRODID:-//dsar//deadline tracker//EN", "VERSION:2.0",
                  "CALSCALE:GREGORIAN", "X-WR-CALNAME:dsar deadlines"])
    # each event is made as one string of content lines (only those that can pass 75 octets
    # are folded) and a chunk is encoded at once: the same bytes as `_lines` line by line
    dates = cache(lambda day: (
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}\r\nDTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}\r\n"
        f"DTSTAMP:{stamp}\r\n"))
    alarm_end = f"TRIGGER:-P{alarm_days}D\r\nEND:VALARM\r\nEND:VEVENT\r\n"
    parts: list[str] = []
    count = 0
    for request, assessment in items:
        for kind, day, title in deadlines(assessment):
            who, when = name(request.controller_id), day_text(day)
            summary = f"{request.ref} {who} {request.kind}: {title}"
            text = _description(request, assessment, kind, when, who,
                                senders is None or request.ref in senders)
            alarm = f"{request.ref}: {title} on {when}"
            parts += [
                "BEGIN:VEVENT\r\n",
                _folded(_property("SUMMARY", summary)),
                dates(day),
                _folded(_property("UID", f"{request.ref}-{kind}-{tracker_id}@dsar")),
                f"SEQUENCE:{request.sequence}\r\n",
                _folded(_property("DESCRIPTION", text)),
                "TRANSP:TRANSPARENT\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n",
                _folded(_property("DESCRIPTION", alarm)),
                alarm_end,
            ]
            count += 1
            if count % events_per_chunk == 0:
                yield "".join(parts).encode("utf-8")
                parts = []
    parts.append("END:VCALENDAR\r\n")
    yield "".join(parts).encode("utf-8")


def _property(name: str, text: str) -> str:
    """NAME:TEXT with TEXT escaped (backslash, semicolon, comma, newline; str.replace is several
    times faster here than str.translate)."""
    escaped = (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
               .replace("\r", "").replace("\n", "\\n"))
    return f"{name}:{escaped}"


def _folded(line: str) -> str:
    """One content line folded at 75 octets, with its CRLF: `_lines([line])`, as text."""
    if line.isascii():  # one octet a character
        size = len(line)
        if size <= 75:
            return line + "\r\n"
        return "\r\n ".join([line[:75], *(line[i:i + 74] for i in range(75, size, 74))]) + "\r\n"
    return _lines([line]).decode("utf-8")


def _lines(lines: list[str]) -> bytes:
    """CRLF-ended content lines, each folded at 75 octets (never inside a UTF-8 character)."""
    out = []
    for line in lines:
        data = line.encode("utf-8")
        size = len(data)
        if size <= 75:
            out.append(data)
            continue
        if size == len(line):  # all ASCII: one octet a character, so fold anywhere
            out.append(b"\r\n ".join([data[:75], *(data[i:i + 74] for i in range(75, size, 74))]))
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


def write_calendar(path: Path, items: Iterable[tuple[Calendared, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                   senders: Set[str] | None = None) -> int:
    """Write the calendar to `path` (atomically, mode 0600); return how many events it holds.

    `items` may be a generator (Tracker.iter_open_requests, Tracker.scan_open): it is read once.
    """
    counted = _Counting(items)
    write_private(path, b"".join(calendar_chunks(counted, tracker_id=tracker_id, names=names,
                                                 alarm_days=alarm_days, senders=senders)))
    return counted.events


class _Counting:
    """`items`, passed through once, counting the events they make."""

    def __init__(self, items: Iterable[tuple[Calendared, Assessment]]) -> None:
        self.items = items
        self.events = 0

    def __iter__(self) -> Iterator[tuple[Calendared, Assessment]]:
        for request, assessment in self.items:
            self.events += len(deadlines(assessment))
            yield request, assessment
