"""`dsar due --ics` in one pass (dsar.tracker.open_scan) gives exactly what the full path gave.

The full path: `Tracker.iter_open_requests` (every open request loaded with its whole
history, assessed with its explanation) written by the calendar writer as it was
(tests/ics_reference.py), and `Tracker.due` for the list. The tracker holds every kind of
history (sent by each way, acknowledged, extended in time and late, clarification asked and
given, ID and fee, refused, partly answered, chased, complaints, closed, old rules with two
dates), every nation and regime, names that need escaping and folding, senders recorded for
some, and rows cached with another `holidays` version; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ics_reference import calendar_bytes as reference_calendar
from ics_reference import lines_bytes
from tracker_fixtures import TODAY, db_url  # noqa: F401  (db_url is a fixture)

from dsar.directory.names import short_names
from dsar.tracker import Tracker
from dsar.tracker.ics import _folded, _lines, calendar_bytes
from dsar.tracker.views import due_line, summary_dict
from tests.cli_runner import run_cli as run

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)

# (event, days after the request was made, via, data): each a kind of history
HISTORIES: list[list[tuple[str, int, str | None, dict[str, Any] | None]]] = [
    [],                                                                     # a draft
    [("sent", 0, "email", None)],
    [("sent", 1, "post-first", None), ("acknowledged", 4, None, None)],
    [("sent", 0, "post-second", None), ("note", 2, None, None)],
    [("sent", 0, None, None)],                                              # way not recorded
    [("received", 3, None, None)],
    [("sent", 0, "online-form", None), ("extended", 20, None, None)],       # extended in time
    [("sent", 0, "email", None), ("extended", 45, None, None)],             # too late to extend
    [("sent", 0, "email", None), ("clarification-requested", 5, None, None)],  # clock stopped
    [("sent", 0, "email", None), ("clarification-requested", 5, None, None),
     ("clarification-provided", 12, "post-first", None)],                   # paused
    [("sent", 0, "hand", None), ("id-requested", 3, None, None)],
    [("sent", 0, "email", None), ("id-requested", 3, None, None), ("id-provided", 9, "post-second", None)],
    [("sent", 0, "email", None), ("fee-requested", 2, None, None), ("fee-paid", 6, None, None)],
    [("sent", 0, "email", None), ("refused", 15, None, None)],
    [("sent", 0, "email", None), ("refused", 15, None, None), ("reasons-requested", 18, "email", None)],
    [("sent", 0, "email", None), ("refused", 15, None, None), ("closed", 17, None, None)],
    [("sent", 0, "email", None), ("responded", 20, None, None)],
    [("sent", 0, "email", None), ("partial-response", 25, None, {"missing": ["copy", "sources"]})],
    [("sent", 0, "email", None), ("partial-response", 25, None, {"missing": ["copy"]}),
     ("chase-sent", 27, "email", None)],
    [("sent", 0, "email", None), ("chase-sent", 40, "email", None)],
    [("sent", 0, "email", None), ("chase-sent", 40, "email", None), ("complaint-sent", 58, "email", None)],
    [("sent", 0, "email", None), ("complaint-sent", 50, "post-first", None),
     ("complaint-acknowledged", 55, None, None)],
    [("sent", 0, "email", None), ("chase-sent", 40, "email", None), ("ico-complaint", 80, None, None)],
    [("sent", 0, "email", None), ("acknowledged", 1, None, None), ("closed", 3, None, None)],
    [("drafted", 0, None, None), ("sent", 2, "email", None), ("acknowledged", 3, None, None),
     ("note", 4, None, None), ("note", 5, None, None)],
]
CONTROLLERS = ["home-office", "acro", "police-scotland", "psni", "made-up-organisation"]
NATIONS = ["england", "wales", "scotland", "northern-ireland"]
REGIMES = [("uk-gdpr",), ("dpa-part-3",), ("uk-gdpr", "dpa-part-3")]
REQUESTERS = ["Amira Example", "O'Brien, Seán; \"Jr\"", "Zoë 中文 😀 back\\slash",
              "A very long name indeed, " * 4 + "the end"]
CLIENTS = [None, "C-17", "Ref, with; specials"]
# days before TODAY each history starts: new rules (recent), old rules (before 5 Feb 2026),
# and everything between
STARTS = [3, 12, 28, 40, 70, 130, 300, 330, 400]


def build(db: str) -> Tracker:
    """A tracker with each history under several nations, regimes, names and dates."""
    from sqlalchemy import select, update

    from dsar.tracker import derived
    from dsar.tracker.models import requests

    tracker = Tracker.open(db)
    number = 0
    for h, history in enumerate(HISTORIES):
        for variant in range(4):
            number += 1
            created = TODAY - timedelta(days=STARTS[(h * 3 + variant * 5) % len(STARTS)])
            ref = tracker.add_request(
                controller_id=CONTROLLERS[(h + variant) % len(CONTROLLERS)],
                kind="erasure" if (h + variant) % 5 == 0 else "access",
                requester=REQUESTERS[(h + 2 * variant) % len(REQUESTERS)],
                regime=list(REGIMES[(h + variant) % len(REGIMES)]),
                nation=NATIONS[(h * 7 + variant) % len(NATIONS)], created=created,
                client_reference=CLIENTS[(h + variant) % len(CLIENTS)])
            for event, after, via, data in history:
                on = min(created + timedelta(days=after), TODAY)
                tracker.log(ref, event, on, via=via, data=data, today=TODAY)
            if number % 3 == 0:
                tracker.remember_sender(ref, {"profile": "/profiles/me.toml"})
    # one of each kind of calendar entry, whatever the mix above gives
    for regime, events in [
        (["uk-gdpr", "dpa-part-3"], [("sent", date(2026, 1, 12), "email"), ("extended", date(2026, 1, 20), None)]),
        (["uk-gdpr"], [("sent", date(2026, 10, 1), "email"), ("chase-sent", date(2026, 11, 20), "email")]),
        (["uk-gdpr"], [("sent", date(2026, 9, 1), "email"), ("complaint-sent", date(2026, 11, 20), "email")]),
    ]:
        ref = tracker.add_request(controller_id="acro", kind="access", requester="Bo", regime=regime,
                                  nation="wales", created=events[0][1])
        for event, on, via in events:
            tracker.log(ref, event, on, via=via, today=TODAY)
    # A colleague on another `holidays` version cached some rows, with dates a few days later
    # than this process's calendars give (issue 12 item 8): `due` still looks at them (within
    # its slack), so the one pass must too. Rows with no stamp are not "another version" in
    # `due`'s query (NULL compares as unknown): the one pass must not count them either.
    with tracker.engine.begin() as conn:
        cached = conn.execute(select(requests.c.id, requests.c.attention_on)
                              .where(requests.c.attention_on.is_not(None))).all()
        for row_id, attention in cached:
            if row_id % 3:
                continue
            conn.execute(update(requests).where(requests.c.id == row_id).values(
                attention_on=attention + timedelta(days=10),
                derived_stamp=None if row_id % 2 else f"{derived.rules_stamp()}holidays 0.1"))
    return tracker


@pytest.fixture
def varied(db_url: str):  # type: ignore[no-untyped-def]  # noqa: F811
    tracker = build(db_url)
    yield tracker
    tracker.close()


def normalised(rows: list[tuple[Any, Any]], names: dict[str, str], senders: set[str]) -> list[Any]:
    return [(request.ref, summary_dict(request, assessment, sender_known=request.ref in senders),
             due_line(request, assessment, names, sender_known=request.ref in senders))
            for request, assessment in rows]


@pytest.mark.parametrize("offset", [0, 9, 33, 120])
def test_the_one_pass_calendar_and_list_are_the_full_paths_byte_for_byte(varied: Tracker,
                                                                         offset: int) -> None:
    today = TODAY + timedelta(days=offset)
    names, senders, tracker_id = short_names(), varied.with_sender(), varied.tracker_id()
    full = reference_calendar(varied.iter_open_requests(today), tracker_id=tracker_id, names=names,
                              now=NOW, senders=senders)
    assert full.count(b"BEGIN:VEVENT") >= 20  # the tracker really has dates to export
    for within in (0, 14, 60, None):
        scan = varied.scan_open(today, within, chunk=7)  # several chunks
        assert calendar_bytes(scan, tracker_id=tracker_id, names=names, now=NOW, senders=senders) == full
        listed = varied.due(today, within, explain=False)
        assert listed  # something is due on every day tested
        assert normalised(scan.due(), names, senders) == normalised(listed, names, senders)


def test_every_kind_of_deadline_and_status_is_exported(varied: Tracker) -> None:
    """The comparison above means something: the calendar holds each kind of entry, and the
    requests it comes from are in every status a calendar entry can have."""
    statuses = {assessment.status for _, assessment in varied.iter_open_requests(TODAY)}
    assert {"draft", "waiting", "overdue", "awaiting-id", "awaiting-clarification", "partial",
            "refused", "complaint-open"} <= statuses
    text = calendar_bytes(varied.scan_open(TODAY, 14), tracker_id="t", names={}, now=NOW)
    for kind in ("response", "response-part3", "chaser", "complaint-ack"):
        assert f"-{kind}-t@dsar".encode() in text.replace(b"\r\n ", b"")


def test_the_command_writes_the_full_paths_calendar_and_prints_the_same_list(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "tracker.sqlite")  # DSAR_DB (tests/conftest.py)
    build(db).close()
    path = tmp_path / "due.ics"
    code, out, err = run(capsys, "due", "--ics", str(path))
    assert code == 0
    plain = run(capsys, "due")
    assert plain[0] == 0 and out == plain[1] and out.count("\n    then: ") > 10
    with Tracker.open(db) as tracker:
        full = reference_calendar(tracker.iter_open_requests(TODAY), tracker_id=tracker.tracker_id(),
                                  names=short_names(), now=NOW, senders=tracker.with_sender())
    stamp = re.compile(rb"^DTSTAMP:\d{8}T\d{6}Z\r$", re.MULTILINE)
    written = path.read_bytes()
    assert stamp.sub(b"DTSTAMP", written) == stamp.sub(b"DTSTAMP", full)
    assert err.startswith(f"Wrote {full.count(b'BEGIN:VEVENT')} deadlines to {path}.")
    assert code == 0 and run(capsys, "due", "--ics", str(path), "--json")[1] == run(capsys, "due", "--json")[1]


def test_an_empty_tracker_gives_an_empty_calendar(tmp_path: Path) -> None:
    with Tracker.open(str(tmp_path / "t.sqlite")) as tracker:
        scan = tracker.scan_open(TODAY, 14)
        assert calendar_bytes(scan, tracker_id="t", names={}, now=NOW) == lines_bytes([
            "BEGIN:VCALENDAR", "PRODID:-//dsar//deadline tracker//EN", "VERSION:2.0",
            "CALSCALE:GREGORIAN", "X-WR-CALNAME:dsar deadlines", "END:VCALENDAR"])
        assert scan.due() == []


def test_the_list_is_asked_for_only_after_the_scan(tmp_path: Path) -> None:
    with Tracker.open(str(tmp_path / "t.sqlite")) as tracker:
        tracker.add_request(controller_id="acro", kind="access", requester="Bo", regime=["uk-gdpr"],
                            nation="england", created=date(2026, 11, 1))
        scan = tracker.scan_open(TODAY, 14)
        with pytest.raises(RuntimeError):
            scan.due()
        assert [r.ref for r, _ in scan] == ["R-000001"]
        assert [r.ref for r, _ in scan.due()] == ["R-000001"]
        with pytest.raises(RuntimeError):
            list(scan)


LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(["é", "😀", "a"]),
               max_size=400)


@given(st.one_of(LINE, st.text(alphabet=st.characters(max_codepoint=127), max_size=400)))
def test_folding_a_line_at_once_is_folding_it_octet_by_octet(line: str) -> None:
    assert _folded(line).encode("utf-8") == lines_bytes([line])
    assert _lines([line, line]) == lines_bytes([line, line])


@given(st.text(max_size=200) | st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_text_that_needs_no_cleaning_is_shown_as_it_is(text: str) -> None:
    """`shown` skips its cleaning for printable ASCII: cleaning would not change that text."""
    from dsar.terminal import _BREAK, _ESCAPE, _strip, shown

    assert shown(text) == _strip(_BREAK.sub(r"\\n", _ESCAPE.sub("", text)), keep="")
