"""The tracker's storage and API, on SQLite and PostgreSQL (same tests, both backends)."""

from __future__ import annotations

import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from tracker_fixtures import TODAY, add, db_url  # noqa: F401  (db_url is a fixture)

from dsar.errors import TrackerError
from dsar.tracker import Tracker, record_letters
from dsar.tracker.refs import make_ref, parse_ref


@pytest.fixture
def tracker(db_url: str):  # type: ignore[no-untyped-def]  # noqa: F811
    with Tracker.open(db_url) as opened:
        yield opened


# -- requests and refs ------------------------------------------------------------------------

def test_add_then_get_returns_what_was_stored(tracker: Tracker) -> None:
    ref = add(tracker, controller_id="police-scotland", nation="scotland",
              regime=("uk-gdpr", "dpa-part-3"), client_reference="FILE-7")
    got = tracker.get(ref)
    assert (got.ref, got.controller_id, got.kind, got.regimes, got.nation, got.requester,
            got.client_reference, got.created) == (
        ref, "police-scotland", "access", ("uk-gdpr", "dpa-part-3"), "scotland", "Amira Example",
        "FILE-7", date(2026, 10, 1))
    assert got.events == [] and got.files == []


def test_refs_are_sequential_readable_and_typed_back_loosely(tracker: Tracker) -> None:
    first, second = add(tracker), add(tracker)
    assert (first, second) == ("R-000001", "R-000002")
    assert tracker.get("r-1").ref == tracker.get("000001").ref == tracker.get(" R-000001 ").ref == first
    assert make_ref(1234567) == "R-1234567" and parse_ref("R-1234567") == 1234567


@pytest.mark.parametrize("bad", ["", "X-1", "R-", "R-0", "R-1a", "12 3"])
def test_a_bad_ref_says_what_refs_look_like(bad: str) -> None:
    with pytest.raises(TrackerError) as caught:
        parse_ref(bad)
    assert caught.value.message == (
        f'"{bad}" is not a request ref; refs look like R-000123 (see `dsar track list`)')


def test_unknown_ref(tracker: Tracker) -> None:
    with pytest.raises(TrackerError, match=r"^no request R-000009 in this tracker; see `dsar track list`$"):
        tracker.get("R-000009")


def test_adding_with_a_used_key_returns_the_first_ref(tracker: Tracker) -> None:
    one = add(tracker, key="batch-1/client-a/home-office/access", drafted=["/tmp/a.pdf"])
    again = add(tracker, key="batch-1/client-a/home-office/access", drafted=["/tmp/a.pdf"])
    other = add(tracker, key="batch-1/client-a/home-office/erasure")
    assert one == again != other
    assert len(tracker.list()) == 2
    assert [e.kind for e in tracker.get(one).events] == ["drafted"]  # not drafted twice


@pytest.mark.parametrize(("field", "value", "message"), [
    ("kind", "complaint", 'unknown request kind "complaint"; use one of: access, erasure'),
    ("nation", "ireland", 'unknown nation "ireland"; use one of: england, wales, scotland, northern-ireland'),
    ("regime", ("gdpr",), 'unknown regime "gdpr"; use one or both of: uk-gdpr, dpa-part-3'),
    ("requester", "  ", "the requester's name is empty; give --requester NAME"),
])
def test_add_rejects_bad_values(tracker: Tracker, field: str, value: object, message: str) -> None:
    with pytest.raises(TrackerError) as caught:
        add(tracker, **{field: value})
    assert caught.value.message == message
    assert tracker.list() == []


# -- logging ----------------------------------------------------------------------------------

def test_log_appends_in_order_with_files_and_data(tracker: Tracker) -> None:
    ref = add(tracker)
    assert tracker.log(ref, "sent", date(2026, 10, 1), via="email", note="sent from my phone",
                       today=TODAY) == []
    tracker.log(ref, "partial-response", date(2026, 10, 20), files=["/tmp/reply.pdf"],
                data={"missing": ["copy", "recipients"]}, today=TODAY)
    got = tracker.get(ref)
    assert [(e.kind, e.on, e.via, e.note) for e in got.events] == [
        ("sent", date(2026, 10, 1), "email", "sent from my phone"),
        ("partial-response", date(2026, 10, 20), None, None)]
    assert got.events[1].data == {"missing": ["copy", "recipients"]}
    assert got.files == ["/tmp/reply.pdf"]
    assert all(entry.logged_at is not None and entry.logged_at.tzinfo is not None
               for entry in got.entries)


@pytest.mark.parametrize(("event", "via", "on", "message"), [
    ("posted", None, date(2026, 11, 1),
     'unknown event "posted"; use one of: drafted, sent, received, acknowledged, id-requested, '
     "id-provided, fee-requested, fee-paid, clarification-requested, clarification-provided, "
     "extended, responded, partial-response, refused, complaint-sent, complaint-acknowledged, "
     "ico-complaint, closed, note, chase-sent, reasons-requested"),
    ("sent", "fax", date(2026, 11, 1),
     'unknown way of sending "fax"; use one of: email, online-form, post-first, post-second, hand'),
    ("sent", "email", date(2026, 11, 27),
     "2026-11-27 is after today (2026-11-26); log events when they have happened"),
])
def test_log_refuses_bad_events_and_keeps_history(tracker: Tracker, event: str, via: str | None,
                                                  on: date, message: str) -> None:
    ref = add(tracker)
    tracker.log(ref, "sent", date(2026, 10, 1), via="email", today=TODAY)
    with pytest.raises(TrackerError) as caught:
        tracker.log(ref, event, on, via=via, today=TODAY)
    assert caught.value.message == message
    assert [e.kind for e in tracker.get(ref).events] == ["sent"]


def test_log_to_a_missing_request(tracker: Tracker) -> None:
    with pytest.raises(TrackerError, match=r"^no request R-000042 in this tracker"):
        tracker.log("R-000042", "sent", date(2026, 11, 1), today=TODAY)


def test_odd_sequences_are_recorded_with_a_warning(tracker: Tracker) -> None:
    ref = add(tracker)
    tracker.log(ref, "sent", date(2026, 10, 1), via="email", today=TODAY)
    warnings = tracker.log(ref, "id-provided", date(2026, 10, 5), today=TODAY)
    assert warnings == ["id-provided logged with no id-requested before it; the deadline engine "
                        "ignores id-provided until id-requested is logged too"]
    tracker.log(ref, "closed", date(2026, 10, 6), today=TODAY)
    assert tracker.log(ref, "responded", date(2026, 10, 7), today=TODAY) == [
        f"{ref} was closed; responded is recorded, but check it belongs here"]
    late = add(tracker)
    tracker.log(late, "sent", date(2026, 11, 10), via="email", today=TODAY)
    assert tracker.log(late, "received", date(2026, 11, 2), today=TODAY) == [
        "received on 2026-11-02 is before the letter was sent (2026-11-10); check the date"]
    assert [e.kind for e in tracker.get(ref).events] == ["sent", "id-provided", "closed", "responded"]


# -- status, due, list ------------------------------------------------------------------------

def _sent(tracker: Tracker, on: date, **extra: object) -> str:
    ref = add(tracker, created=on, **extra)
    tracker.log(ref, "sent", on, via="email", today=TODAY)
    return ref


def test_due_lists_overdue_first_then_upcoming_and_moves_that_are_yours(tracker: Tracker) -> None:
    # sent by email Thu 1 Oct 2026: one month is Sun 1 Nov, a weekend, so Mon 2 Nov: overdue
    overdue = _sent(tracker, date(2026, 10, 1))
    # sent Mon 16 Nov 2026: due Wed 16 Dec 2026 (20 days after today)
    upcoming = _sent(tracker, date(2026, 11, 16))
    draft = add(tracker, created=date(2026, 11, 20))  # never sent: send it
    answered = _sent(tracker, date(2026, 10, 5))
    tracker.log(answered, "responded", date(2026, 10, 30), today=TODAY)
    id_wait = _sent(tracker, date(2026, 11, 2))
    tracker.log(id_wait, "id-requested", date(2026, 11, 4), today=TODAY)

    soon = tracker.due(TODAY, 14)
    assert [(r.ref, a.action) for r, a in soon] == [
        (overdue, "chase"), (draft, "send"), (id_wait, "send-id")]
    assert soon[0][1].due_on == date(2026, 11, 2) and soon[0][1].days_overdue == 24
    later = tracker.due(TODAY, 20)
    assert [r.ref for r, _ in later] == [overdue, draft, id_wait, upcoming]
    assert later[3][1].due_on == date(2026, 12, 16) and later[3][1].action == "wait"
    assert [r.ref for r, _ in tracker.due(TODAY, None)] == [overdue, draft, id_wait, upcoming]


def test_list_filters_by_status_and_controller(tracker: Tracker) -> None:
    overdue = _sent(tracker, date(2026, 10, 1))
    other = _sent(tracker, date(2026, 11, 16), controller_id="acro")
    assert [r.ref for r in tracker.list()] == [overdue, other]
    assert [r.ref for r in tracker.list(status="overdue", today=TODAY)] == [overdue]
    assert [r.ref for r in tracker.list(status="waiting", today=TODAY)] == [other]
    assert [r.ref for r in tracker.list(controller="acro")] == [other]
    with pytest.raises(TrackerError, match=r'^unknown status "late"; use one of: draft, awaiting-id'):
        tracker.list(status="late")


def test_assess_uses_the_engine_with_the_request_s_nation(tracker: Tracker) -> None:
    # Scotland: St Andrew's Day, Mon 30 Nov 2026, is a bank holiday there and not in England.
    # received Fri 30 Oct 2026 -> one month: Mon 30 Nov 2026.
    scot = add(tracker, nation="scotland", controller_id="police-scotland")
    eng = add(tracker)
    for ref in (scot, eng):
        tracker.log(ref, "received", date(2026, 10, 30), today=TODAY)
    assert tracker.assess(scot, TODAY).due_on == date(2026, 12, 1)
    assert tracker.assess(eng, TODAY).due_on == date(2026, 11, 30)
    assert tracker.assess(scot, TODAY).explanation  # shows its working


# -- the derived cache ------------------------------------------------------------------------

def _cache(tracker: Tracker) -> dict[str, tuple[date | None, date | None]]:
    from sqlalchemy import select

    from dsar.tracker.models import requests

    with tracker.engine.connect() as conn:
        rows = conn.execute(select(requests.c.id, requests.c.due_on, requests.c.attention_on)).all()
    return {make_ref(row.id): (row.due_on, row.attention_on) for row in rows}


def test_cached_columns_equal_a_fresh_derivation_from_history(tracker: Tracker) -> None:
    from dsar.tracker.derived import attention_on

    refs = [_sent(tracker, date(2026, 10, 1)), _sent(tracker, date(2026, 11, 16)), add(tracker)]
    tracker.log(refs[0], "extended", date(2026, 10, 20), today=TODAY)
    tracker.log(refs[1], "clarification-requested", date(2026, 11, 18), today=TODAY)
    tracker.log(refs[1], "clarification-provided", date(2026, 11, 20), today=TODAY)
    expected = {ref: attention_on(tracker.get(ref)) for ref in refs}
    assert _cache(tracker) == expected
    assert expected[refs[0]][0] == tracker.assess(refs[0], TODAY).due_on


def test_stale_cache_rows_are_recomputed_on_open(db_url: str) -> None:  # noqa: F811
    from sqlalchemy import update

    from dsar.tracker.models import requests

    with Tracker.open(db_url) as tracker:
        ref = _sent(tracker, date(2026, 10, 1))
        before = _cache(tracker)
        with tracker.engine.begin() as conn:  # as if written by an older dsar
            conn.execute(update(requests).values(due_on=date(2000, 1, 1), attention_on=None,
                                                 derived_stamp="dsar 0.0.1"))
    with Tracker.open(db_url) as tracker:
        assert _cache(tracker) == before
        assert [r.ref for r, _ in tracker.due(TODAY, 0)] == [ref]


# -- recording generated letters --------------------------------------------------------------

def test_record_letters_tracks_each_letter_but_not_the_authority(tracker: Tracker, tmp_path: Path) -> None:
    from dsar.controllers import load_directory
    from dsar.generate import GenerationResult, Written

    def files(stem: str) -> dict[str, Path]:
        out = {}
        for ext in ("pdf", "txt"):
            (tmp_path / f"{stem}.{ext}").write_text("letter")
            out[ext] = tmp_path / f"{stem}.{ext}"
        return out

    result = GenerationResult(folder=tmp_path, letters=[
        Written("home-office", "access", files("ho-access"), "email it"),
        Written("police-scotland", "erasure", files("ps-erasure"), "post it"),
        Written(None, "authority", files("authority"), "sign it"),
    ])
    directory = load_directory(None)
    refs = record_letters(tracker, result, requester="Amira Example", directory=directory,
                          on=date(2026, 11, 20), client_reference="C-1", key_prefix="b1/C-1")
    assert list(refs) == [("home-office", "access"), ("police-scotland", "erasure")]
    scot = tracker.get(refs[("police-scotland", "erasure")])
    assert (scot.nation, scot.regimes, scot.kind, scot.client_reference) == (
        "scotland", tuple(r.value for r in directory.get("police-scotland").regimes), "erasure", "C-1")
    assert [(e.kind, e.on) for e in scot.events] == [("drafted", date(2026, 11, 20))]
    assert scot.files == [str(tmp_path / "ps-erasure.pdf"), str(tmp_path / "ps-erasure.txt")]
    again = record_letters(tracker, result, requester="Amira Example", directory=directory,
                           on=date(2026, 11, 20), client_reference="C-1", key_prefix="b1/C-1")
    assert again == refs and len(tracker.list()) == 2


# -- opening ----------------------------------------------------------------------------------

def test_default_database_is_private_in_the_data_folder(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DSAR_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with Tracker.open(None) as tracker:
        add(tracker)
    path = tmp_path / "data" / "dsar" / "tracker.sqlite"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_plain_path_makes_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    with Tracker.open(str(path)) as tracker:
        add(tracker)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with Tracker.open(f"sqlite:///{path}") as tracker:
        assert len(tracker.list()) == 1


def test_open_errors_are_one_line_and_say_what_to_do(tmp_path: Path) -> None:
    cases = []
    missing = tmp_path / "nowhere" / "t.sqlite"
    cases.append((str(missing), f"the folder {missing.parent} does not exist; create it or give "
                  "another --db path"))
    junk = tmp_path / "notes.txt"
    junk.write_text("these are my notes, not a database\n" * 200)
    cases.append((str(junk), f"{junk} is a text file, not a dsar tracker; dsar has left it as it is; "
                  "choose another tracker with --db PATH or DSAR_DB=PATH"))
    cases.append((str(tmp_path), f"{tmp_path} is a folder; give a file path for the tracker database"))
    cases.append(("mysql://u:secret@host/db", 'database type "mysql" is not supported; use a SQLite '
                  "file or postgresql+psycopg://USER@HOST:PORT/DATABASE"))
    cases.append(("sqlite://", "an in-memory SQLite database would forget everything; give a file path"))
    for db, message in cases:
        with pytest.raises(TrackerError) as caught:
            Tracker.open(db)
        assert caught.value.message == message
    assert junk.read_text().startswith("these are my notes")  # untouched


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(TrackerError) as caught:
        Tracker.open("postgresql+psycopg://postgres:hunter2@127.0.0.1:1/dsar")
    message = caught.value.message
    assert message.startswith("cannot use the tracker database at "
                              "postgresql+psycopg://postgres:***@127.0.0.1:1/dsar: ")
    assert message.endswith("; check the server is running and the URL in --db or DSAR_DB")
    assert "\n" not in message and "hunter2" not in message


def test_a_database_of_another_program_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    before = path.read_bytes()
    with pytest.raises(TrackerError) as caught:
        Tracker.open(str(path))
    assert caught.value.message == (f"{path} is an SQLite database of another program (tables: "
                                    "accounts); dsar has left it as it is; choose another tracker "
                                    "with --db PATH or DSAR_DB=PATH")
    assert path.read_bytes() == before  # not even switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_a_tracker_from_a_newer_dsar_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite"
    Tracker.open(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(TrackerError) as caught:
        Tracker.open(str(path))
    assert caught.value.message == ("this tracker was made by a newer version of dsar (schema 0099); "
                                    "upgrade dsar with `pip install --upgrade dsar`")


def test_due_window_edges(tracker: Tracker) -> None:
    upcoming = _sent(tracker, date(2026, 11, 16))  # due Wed 16 Dec 2026, 20 days away
    assert tracker.due(TODAY, 19) == []
    assert [r.ref for r, _ in tracker.due(TODAY, 20)] == [upcoming]
    assert [r.ref for r, _ in tracker.due(TODAY + timedelta(days=20), 0)] == [upcoming]
