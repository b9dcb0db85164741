"""The calendar export's own iCalendar writer (dsar.tracker.ics): escaping and line folding
checked by reading the text back with the icalendar package."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from dsar.tracker.ics import _lines, _property


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    ["\n", ",", ";", "\\", "é", "中", "😀"]), max_size=300))
def test_any_text_survives_escaping_and_folding(text: str) -> None:
    data = _lines(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:1",
                   "DTSTAMP:20261201T000000Z", _property("DESCRIPTION", text), "END:VEVENT",
                   "END:VCALENDAR"])
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # never folded inside a character
    event = next(iter(Calendar.from_ical(data).walk("VEVENT")))
    assert str(event["description"]) == text
