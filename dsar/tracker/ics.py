"""Calendar export: one all-day event per deadline, with an alarm some days before.

Each event's UID is "<ref>-<deadline>-<tracker id>@dsar" (deadline: "response"
or "complaint-ack"), the same on every export, so a calendar that subscribes to
the file, or imports it again, updates the event (new date, new next step)
instead of adding a duplicate. SEQUENCE is the number of events in the
request's history, so it grows whenever the history changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
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


def calendar_bytes(items: Iterable[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                   now: datetime | None = None) -> bytes:
    """The whole calendar (see `calendar_chunks`)."""
    return b"".join(calendar_chunks(items, tracker_id=tracker_id, names=names,
                                    alarm_days=alarm_days, now=now))


def calendar_chunks(items: Iterable[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                    names: Mapping[str, str], alarm_days: int = ALARM_DAYS,
                    now: datetime | None = None, events_per_chunk: int = 2000) -> Iterator[bytes]:
    """The calendar as iCalendar (RFC 5545) text, a few thousand events at a time.

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
            description = [due_line(request, assessment, names), "",
                           f"Deadline: {human_day(day)}", "How it was worked out:",
                           *(f"- {step}" for step in assessment.explanation)]
            alarm = f"{request.ref}: {title} on {human_day(day)}"
            lines += [
                "BEGIN:VEVENT",
                _property("SUMMARY", summary),
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                f"DTSTAMP:{stamp}",
                _property("UID", f"{request.ref}-{kind}-{tracker_id}@dsar"),
                f"SEQUENCE:{len(request.entries)}",
                _property("DESCRIPTION", "\n".join(description)),
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
                   names: Mapping[str, str], alarm_days: int = ALARM_DAYS) -> int:
    """Write the calendar to `path` (atomically, mode 0600); return how many events it holds.

    `items` may be a generator (Tracker.iter_open_requests): it is read once.
    """
    counted = _Counting(items)
    write_private(path, b"".join(calendar_chunks(counted, tracker_id=tracker_id, names=names,
                                                 alarm_days=alarm_days)))
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
