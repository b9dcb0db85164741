"""The calendar writer as it was before the one-pass export (dsar/tracker/ics.py at c8bface):
each event built line by line from a request with its whole history, every line encoded and
folded on its own. tests/test_tracker_open_scan.py checks today's export gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from datetime import UTC, date, datetime, timedelta

from dsar.deadlines import Assessment, working_lines
from dsar.tracker.ics import _AFTER, _TITLES, deadlines
from dsar.tracker.store import TrackedRequest
from dsar.tracker.views import command_for, human_day, name_of


def description(request: TrackedRequest, assessment: Assessment, kind: str, day: date,
                names: Mapping[str, str], sender_known: bool = True) -> str:
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


def calendar_bytes(items: Iterable[tuple[TrackedRequest, Assessment]], *, tracker_id: str,
                   names: Mapping[str, str], now: datetime, senders: Set[str] | None = None,
                   alarm_days: int = 3) -> bytes:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "PRODID:-//dsar//deadline tracker//EN", "VERSION:2.0",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:dsar deadlines"]
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
    lines.append("END:VCALENDAR")
    return lines_bytes(lines)


def _property(name: str, text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
               .replace("\r", "").replace("\n", "\\n"))
    return f"{name}:{escaped}"


def lines_bytes(lines: list[str]) -> bytes:
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
